import { describe, expect, it } from "vitest";
import { EventFilter } from "@/lib/exports/event-filter";
import { NUMERIC_TEXT } from "@/lib/exports/databricks-conditions";
import { compileFilterToSql } from "@/lib/exports/filter-sql";

describe("compileFilterToSql", () => {
  it("is TRUE for no filter", () => {
    expect(compileFilterToSql(EventFilter.parse({}), 1)).toEqual({ sql: "TRUE", params: [] });
  });

  it("puts every value and property name in parameters, numbered from the first given", () => {
    const filter = EventFilter.parse({
      eventTypes: { operator: "is_not", values: ["a'; DROP TABLE events; --"] },
      conditions: [
        { scope: "user", property: 'plan"', operator: "is", values: ["pro"] },
        { scope: "event", property: "price", operator: "greater", value: 10 },
        { scope: "event", property: "email", operator: "is_not_set" },
      ],
    });
    const { sql, params } = compileFilterToSql(filter, 4);
    expect(params).toEqual([["a'; DROP TABLE events; --"], 'plan"', ["pro"], "price", 10, "email"]);
    expect(sql).toContain("NOT (event_type = ANY($4::text[]))");
    expect(sql).toContain("(user_properties ->> $5) = ANY($6::text[])");
    expect(sql).toContain("jsonb_typeof(event_properties -> $7) IN ('number', 'string')");
    expect(sql).toContain("> $8::numeric");
    expect(sql).not.toContain("DROP");
    expect(sql).not.toContain("plan");
  });

  describe("a custom event", () => {
    const frozen = EventFilter.parse({
      eventTypes: { operator: "is_not", values: ["test"] },
      customEvent: {
        id: "ce1",
        name: "Checkout",
        definition: {
          anyOf: [
            {
              eventType: "purchase'; --",
              conditions: [
                { scope: "event", property: "price", operator: "greater", value: 10 },
                { scope: "user", property: "plan", operator: "is_not", values: ["free"] },
              ],
            },
            { eventType: "signup", conditions: [] },
          ],
        },
      },
      conditions: [{ scope: "event", property: "country", operator: "is", values: ["FR"] }],
    });

    it("compiles a frozen one to an OR of its event types, each ANDed with its conditions, all values as parameters", () => {
      const { sql, params } = compileFilterToSql(frozen, 3);
      expect(params).toEqual([
        ["test"],
        "purchase'; --",
        "price",
        10,
        "plan",
        ["free"],
        "signup",
        "country",
        ["FR"],
      ]);
      expect(sql).toBe(
        [
          "(NOT (event_type = ANY($3::text[])))",
          "(" +
            "(event_type = $4::text" +
            ` AND (coalesce((CASE WHEN jsonb_typeof(event_properties -> $5) IN ('number', 'string') AND (event_properties ->> $5) ~ '${NUMERIC_TEXT}' THEN (event_properties ->> $5)::numeric END) > $6::numeric, false))` +
            " AND (NOT coalesce((user_properties ->> $7) = ANY($8::text[]), false)))" +
            " OR (event_type = $9::text)" +
            ")",
          "(coalesce((event_properties ->> $10) = ANY($11::text[]), false))",
        ].join(" AND "),
      );
      expect(sql).not.toContain("purchase");
    });

    it("refuses one that was not expanded when its run was planned", () => {
      const stored = EventFilter.parse({ customEvent: { id: "ce1" } });
      expect(() => compileFilterToSql(stored, 1)).toThrow(/custom event ce1 is not expanded/);
    });
  });
});
