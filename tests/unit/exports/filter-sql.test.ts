import { describe, expect, it } from "vitest";
import { EventFilter } from "@/lib/exports/event-filter";
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
    expect(sql).toContain("jsonb_typeof(event_properties -> $7) = 'number'");
    expect(sql).toContain("> $8::numeric");
    expect(sql).not.toContain("DROP");
    expect(sql).not.toContain("plan");
  });
});
