import { describe, expect, it } from "vitest";
import { customEventViewNames, customEventViewSql, transformedViewSql } from "@/lib/exports/config-views";
import { conditionSql } from "@/lib/exports/databricks-conditions";
import { copyConfigTableSql, retireOlderSnapshotsSql } from "@/lib/exports/config-tables";

const target = { catalog: "main", schema: "analytics", table: "events" };

describe("custom-event view names", () => {
  it("are the table's name, _custom_ and the custom event's name in lower case, numbered when two would meet", () => {
    const names = customEventViewNames("events", [
      { id: "1", name: "Big purchase!" },
      { id: "2", name: "big  PURCHASE" },
      { id: "3", name: "¡¿" },
      { id: "4", name: "transformed" },
    ]);
    expect([...names.values()]).toEqual([
      "events_custom_big_purchase",
      "events_custom_big_purchase_2",
      "events_custom_event",
      "events_custom_transformed",
    ]);
  });
});

describe("the transformed view", () => {
  it("reads the JSON columns as maps and changes nothing else when nothing is configured", () => {
    const [create, alter] = transformedViewSql({
      target,
      json: "STRING",
      transformations: [],
      hiddenEventTypes: [],
    });
    // Created once, then altered: ALTER VIEW keeps the grants on it, CREATE OR REPLACE would not.
    expect(create).toMatch(/^CREATE VIEW IF NOT EXISTS `main`.`analytics`.`events_transformed` AS\n/);
    expect(alter).toBe(create!.replace("CREATE VIEW IF NOT EXISTS", "ALTER VIEW"));
    const sql = alter!;
    expect(sql).toContain("`event_type` AS `event_type`");
    expect(sql).toContain("from_json(`event_properties`, 'MAP<STRING, STRING>') AS __event_properties");
    expect(sql).toContain("__event_properties AS `event_properties`");
    expect(sql).not.toContain("WHERE");
  });

  it("reads a VARIANT column through its JSON text", () => {
    const sql = transformedViewSql({
      target,
      json: "VARIANT",
      transformations: [],
      hiddenEventTypes: [],
    }).join("\n");
    expect(sql).toContain("from_json(to_json(`user_properties`), 'MAP<STRING, STRING>')");
  });

  it("escapes quotes and backslashes in every name and value, as Databricks string literals need", () => {
    const sql = transformedViewSql({
      target,
      json: "STRING",
      transformations: [
        { kind: "MERGE_EVENTS", into: "it's", from: ["a\\'; DROP TABLE x; --"] },
        { kind: "RENAME_VALUE", scope: "event", property: "p'", from: "v\\", to: "w'" },
      ],
      hiddenEventTypes: ["h'"],
    }).join("\n");
    expect(sql).toContain("WHEN 'a\\\\\\'; DROP TABLE x; --' THEN 'it\\'s'");
    expect(sql).toContain("WHEN entry.key = 'p\\'' AND entry.value = 'v\\\\' THEN 'w\\''");
    expect(sql).toContain("`event_type` NOT IN ('h\\'')");
    expect(sql).not.toMatch(/[^\\]''/);
    expect(
      transformedViewSql({
        target,
        json: "STRING",
        transformations: [],
        hiddenEventTypes: ["${env:SECRET}"],
      }).join("\n"),
    ).toContain("NOT IN ('\\u0024{env:SECRET}')");
  });

  it("lets a merged property give way to its target and to the sources merged into it before, across merges", () => {
    const sql = transformedViewSql({
      target,
      json: "STRING",
      transformations: [
        { kind: "MERGE_PROPERTIES", scope: "event", into: "plan", from: ["a"] },
        { kind: "MERGE_PROPERTIES", scope: "event", into: "plan", from: ["b"] },
        { kind: "RENAME_VALUE", scope: "event", property: "plan", from: "pro", to: "Pro" },
        { kind: "HIDE_PROPERTY", scope: "event", property: "plan" },
      ],
      hiddenEventTypes: [],
    }).join("\n");
    expect(sql).toContain("(entry.key = 'a' AND (map_contains_key(__event_properties, 'plan')))");
    expect(sql).toContain(
      "(entry.key = 'b' AND (map_contains_key(__event_properties, 'plan') OR map_contains_key(__event_properties, 'a')))",
    );
    expect(sql).toContain("CASE entry.key WHEN 'a' THEN 'plan' WHEN 'b' THEN 'plan' ELSE entry.key END");
    // Renames and hides apply to the merged name, after the merge.
    const merge = sql.indexOf("CASE entry.key WHEN 'a'");
    expect(sql.indexOf("WHEN entry.key = 'plan' AND entry.value = 'pro'")).toBeGreaterThan(merge);
    expect(sql.indexOf("entry.key NOT IN ('plan')")).toBeGreaterThan(merge);
    // User properties have no transformation: read as they are.
    expect(sql).toContain("__user_properties AS `user_properties`");
  });
});

describe("custom-event views and conditions", () => {
  it("select the custom event's alternatives from the events table", () => {
    const [create] = customEventViewSql(target, "STRING", "events_custom_checkout", {
      anyOf: [
        {
          eventType: "purchase",
          conditions: [{ scope: "event", property: "price", operator: "greater", value: 10 }],
        },
        { eventType: "signup", conditions: [] },
      ],
    });
    expect(create).toContain("CREATE VIEW IF NOT EXISTS `main`.`analytics`.`events_custom_checkout` AS");
    expect(create).toContain("SELECT * FROM `main`.`analytics`.`events`");
    expect(create).toMatch(
      /WHERE \(`event_type` = 'purchase' AND \(coalesce\(.*> 10, false\)\)\) OR \(`event_type` = 'signup'\)$/,
    );
  });

  it("say what the export's filter says: a missing property is not any value, contains ignores case", () => {
    const text = "from_json(`event_properties`, 'MAP<STRING, STRING>')['plan']";
    expect(
      conditionSql({ scope: "event", property: "plan", operator: "is_not", values: ["free"] }, "STRING"),
    ).toBe(`NOT coalesce(${text} IN ('free'), false)`);
    expect(
      conditionSql({ scope: "event", property: "plan", operator: "contains", value: "Pro" }, "STRING"),
    ).toBe(`coalesce(instr(lower(${text}), lower('Pro')) > 0, false)`);
    expect(conditionSql({ scope: "event", property: "plan", operator: "is_set" }, "STRING")).toBe(
      `${text} IS NOT NULL`,
    );
  });
});

describe("the configuration tables", () => {
  it("load one named file without force, and retire the other snapshots' rows", () => {
    expect(copyConfigTableSql(target, "custom_events", "/Volumes/main/analytics/v/run")).toMatch(
      /^COPY INTO `main`.`analytics`.`events_cfg_custom_events` FROM \(SELECT CAST\(`snapshot_id` AS STRING\) AS `snapshot_id`, .* FROM '\/Volumes\/main\/analytics\/v\/run'\) FILEFORMAT = JSON FILES = \('config-custom-events.json'\)$/,
    );
    expect(retireOlderSnapshotsSql(target, "event_types", "s-1")).toBe(
      "UPDATE `main`.`analytics`.`events_cfg_event_types` SET `is_current` = false WHERE `is_current` AND `snapshot_id` <> 's-1'",
    );
  });
});
