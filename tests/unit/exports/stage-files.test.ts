import { describe, expect, it } from "vitest";
import { EventFilter } from "@/lib/exports/event-filter";
import { windowQuery, type RunWindow } from "@/lib/exports/stage-files";

// windowQuery's contract, whatever columns the line carries: one `line` per row, from the
// project's events in [lower bound, toTxid), filtered, in (txid, id) order, with every value a
// numbered parameter.

const base: RunWindow = {
  projectId: "cproject0000000000000001",
  fromTxid: null,
  exportFrom: new Date("2026-11-24T00:00:00.000Z"),
  toTxid: 5000n,
  filter: EventFilter.parse({}),
};

/** The parts of the query: what it selects from, its WHERE conjuncts, and its ORDER BY. */
function parts(sql: string) {
  const match = /^SELECT (.+) AS line FROM events WHERE (.+) ORDER BY ([^()]+)$/s.exec(sql);
  expect(match, sql).not.toBeNull();
  const [, , where, orderBy] = match!;
  return { where: where!, conjuncts: where!.split(" AND "), orderBy: orderBy! };
}

/** The placeholder numbers the SQL uses, in order of first use. */
const placeholders = (sql: string) => [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))];

describe("windowQuery", () => {
  it("starts a destination's first window at its time floor", () => {
    const { sql, params } = windowQuery(base);
    const { conjuncts } = parts(sql);
    expect(conjuncts).toEqual([
      "project_id = $1",
      "server_upload_time >= $2::timestamptz",
      "txid < $3::bigint",
      "TRUE",
    ]);
    expect(params).toEqual(["cproject0000000000000001", "2026-11-24T00:00:00.000Z", "5000"]);
  });

  it("starts a later window at the watermark txid, not at a time", () => {
    const { sql, params } = windowQuery({ ...base, fromTxid: 4200n });
    const { where, conjuncts } = parts(sql);
    expect(conjuncts).toEqual(["project_id = $1", "txid >= $2::bigint", "txid < $3::bigint", "TRUE"]);
    expect(where).not.toMatch(/server_upload_time/);
    expect(params).toEqual(["cproject0000000000000001", "4200", "5000"]);
  });

  it("passes txids as exact decimal strings, beyond 2^53 too", () => {
    const { params } = windowQuery({ ...base, fromTxid: 9007199254740993n, toTxid: 9007199254740995n });
    expect(params.slice(1, 3)).toEqual(["9007199254740993", "9007199254740995"]);
  });

  it("numbers the filter's parameters after the window's, from $4", () => {
    const filter = EventFilter.parse({
      eventTypes: { operator: "is", values: ["purchase", "refund"] },
      conditions: [
        { scope: "event", property: "plan", operator: "is", values: ["pro"] },
        { scope: "user", property: "age", operator: "greater", value: 30 },
      ],
    });
    for (const fromTxid of [null, 4200n]) {
      const { sql, params } = windowQuery({ ...base, fromTxid, filter });
      const { conjuncts } = parts(sql);
      expect(conjuncts.slice(0, 3)).toEqual([
        "project_id = $1",
        fromTxid === null ? "server_upload_time >= $2::timestamptz" : "txid >= $2::bigint",
        "txid < $3::bigint",
      ]);
      expect(params.slice(3)).toEqual([["purchase", "refund"], "plan", ["pro"], "age", 30]);
      // Every parameter is used, and no placeholder points past the parameters.
      expect(placeholders(sql).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(params).toHaveLength(8);
      const filterSql = conjuncts.slice(3).join(" AND ");
      expect(filterSql).toContain("event_type = ANY($4::text[])");
      expect(filterSql).toMatch(/event_properties ->> \$5\) = ANY\(\$6::text\[\]\)/);
      expect(filterSql).toMatch(/user_properties -> \$7\).*> \$8::numeric/);
    }
  });

  it("keeps every value out of the SQL text", () => {
    const filter = EventFilter.parse({
      eventTypes: { operator: "is_not", values: ["x'); DROP TABLE events; --"] },
      conditions: [{ scope: "event", property: "p' OR '1'='1", operator: "contains", value: "needle" }],
    });
    const { sql, params } = windowQuery({ ...base, projectId: "p'1", filter });
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

  it("orders by txid, then id, so that staging a frozen window again writes the same files", () => {
    for (const fromTxid of [null, 1n]) {
      const { sql } = windowQuery({ ...base, fromTxid });
      expect(parts(sql).orderBy).toBe("txid, id");
    }
  });

  it("is a pure function of the window", () => {
    const filter = EventFilter.parse({ eventTypes: { operator: "is", values: ["a"] } });
    expect(windowQuery({ ...base, filter })).toEqual(windowQuery({ ...base, filter }));
  });
});
