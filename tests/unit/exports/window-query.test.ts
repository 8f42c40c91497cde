import { describe, expect, it } from "vitest";
import { EventFilter } from "@/lib/exports/event-filter";
import { windowQuery, type RunWindow } from "@/lib/exports/window-query";

// windowQuery's contract, whatever a staged format selects: the project's events in [lower
// bound, toTxid), filtered, in (txid, id) order, with every value a numbered parameter.

const base: RunWindow = {
  projectId: "cproject0000000000000001",
  fromTxid: null,
  exportFrom: new Date("2026-11-24T00:00:00.000Z"),
  toTxid: 5000n,
  filter: EventFilter.parse({}),
};

/** The parts of the query: what it selects from, its WHERE conjuncts, and its ORDER BY. */
function parts(sql: string) {
  const match = /^SELECT (line) FROM events WHERE (.+) ORDER BY ([^()]+?)( LIMIT \d+)?$/s.exec(sql);
  expect(match, sql).not.toBeNull();
  const [, , where, orderBy] = match!;
  return { where: where!, conjuncts: where!.split(" AND "), orderBy: orderBy! };
}

/** The placeholder numbers the SQL uses, in order of first use. */
const placeholders = (sql: string) => [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))];

describe("windowQuery", () => {
  it("starts a destination's first window at its time floor", () => {
    const { sql, params } = windowQuery(base, "line");
    const { conjuncts } = parts(sql);
    expect(conjuncts).toEqual([
      "project_id = $1",
      "server_upload_time >= $2::timestamptz",
      "txid < $3::bigint",
      "TRUE",
    ]);
    expect(params).toEqual(["cproject0000000000000001", "2026-11-24T00:00:00.000Z", "5000"]);
  });

  it("starts a later window at the watermark txid, and keeps the time floor where a backfill ends", () => {
    const { sql, params } = windowQuery({ ...base, fromTxid: 4200n }, "line");
    const { conjuncts } = parts(sql);
    expect(conjuncts).toEqual([
      "project_id = $1",
      "server_upload_time >= $2::timestamptz",
      "txid >= $3::bigint",
      "txid < $4::bigint",
      "TRUE",
    ]);
    expect(params).toEqual(["cproject0000000000000001", "2026-11-24T00:00:00.000Z", "4200", "5000"]);
  });

  it("reads a backfill chunk by upload time, [fromTime, toTime)", () => {
    const { sql, params } = windowQuery(
      {
        projectId: base.projectId,
        fromTime: new Date("2026-10-01T00:00:00.000Z"),
        toTime: new Date("2026-10-02T00:00:00.000Z"),
        filter: base.filter,
      },
      "line",
    );
    expect(parts(sql).conjuncts).toEqual([
      "project_id = $1",
      "server_upload_time >= $2::timestamptz",
      "server_upload_time < $3::timestamptz",
      "TRUE",
    ]);
    expect(params).toEqual([base.projectId, "2026-10-01T00:00:00.000Z", "2026-10-02T00:00:00.000Z"]);
  });

  it("resumes after a row, in (txid, id) order", () => {
    const { sql, params } = windowQuery({ ...base, fromTxid: 4200n }, "line", {
      after: { txid: "4300", id: "17" },
    });
    expect(parts(sql).conjuncts.at(-1)).toBe("(txid, id) > ($5::bigint, $6::bigint)");
    expect(params.slice(4)).toEqual(["4300", "17"]);
  });

  it("passes txids as exact decimal strings, beyond 2^53 too", () => {
    const { params } = windowQuery(
      { ...base, fromTxid: 9007199254740993n, toTxid: 9007199254740995n },
      "line",
    );
    expect(params.slice(2, 4)).toEqual(["9007199254740993", "9007199254740995"]);
  });

  it("numbers the filter's parameters after the window's", () => {
    const filter = EventFilter.parse({
      eventTypes: { operator: "is", values: ["purchase", "refund"] },
      conditions: [
        { scope: "event", property: "plan", operator: "is", values: ["pro"] },
        { scope: "user", property: "age", operator: "greater", value: 30 },
      ],
    });
    for (const fromTxid of [null, 4200n]) {
      const { sql, params } = windowQuery({ ...base, fromTxid, filter }, "line");
      const { conjuncts } = parts(sql);
      const bounds = fromTxid === null ? 3 : 4; // project, floor, [from,] to
      expect(conjuncts.slice(0, bounds)).toEqual(
        fromTxid === null
          ? ["project_id = $1", "server_upload_time >= $2::timestamptz", "txid < $3::bigint"]
          : [
              "project_id = $1",
              "server_upload_time >= $2::timestamptz",
              "txid >= $3::bigint",
              "txid < $4::bigint",
            ],
      );
      expect(params.slice(bounds)).toEqual([["purchase", "refund"], "plan", ["pro"], "age", 30]);
      // Every parameter is used, and no placeholder points past the parameters.
      const n = (k: number) => `$${bounds + k}`;
      expect(placeholders(sql).sort((a, b) => a - b)).toEqual(
        Array.from({ length: bounds + 5 }, (_, i) => i + 1),
      );
      expect(params).toHaveLength(bounds + 5);
      const filterSql = conjuncts.slice(bounds).join(" AND ");
      expect(filterSql).toContain(`event_type = ANY(${n(1)}::text[])`);
      expect(filterSql).toContain(`event_properties ->> ${n(2)}) = ANY(${n(3)}::text[])`);
      expect(filterSql).toMatch(new RegExp(`user_properties -> \\${n(4)}\\).*> \\${n(5)}::numeric`));
    }
  });

  it("keeps every value out of the SQL text", () => {
    const filter = EventFilter.parse({
      eventTypes: { operator: "is_not", values: ["x'); DROP TABLE events; --"] },
      conditions: [{ scope: "event", property: "p' OR '1'='1", operator: "contains", value: "needle" }],
    });
    const { sql, params } = windowQuery({ ...base, projectId: "p'1", filter }, "line");
    for (const value of ["p'1", "DROP TABLE", "'1'='1", "needle", "2026-11-24", "5000"])
      expect(sql).not.toContain(value);
    expect(params).toEqual([
      "p'1",
      "2026-11-24T00:00:00.000Z",
      "5000",
      ["x'); DROP TABLE events; --"],
      "p' OR '1'='1",
      "needle",
    ]);
  });

  it("takes at most `limit` rows", () => {
    const { sql } = windowQuery(base, "line", { limit: 250_000 });
    expect(sql).toMatch(/ ORDER BY txid, id LIMIT 250000$/);
  });

  it("orders by txid, then id, so that staging a frozen window again writes the same files", () => {
    for (const fromTxid of [null, 1n]) {
      const { sql } = windowQuery({ ...base, fromTxid }, "line");
      expect(parts(sql).orderBy).toBe("txid, id");
    }
  });

  it("is a pure function of the window", () => {
    const filter = EventFilter.parse({ eventTypes: { operator: "is", values: ["a"] } });
    expect(windowQuery({ ...base, filter }, "line")).toEqual(windowQuery({ ...base, filter }, "line"));
  });
});
