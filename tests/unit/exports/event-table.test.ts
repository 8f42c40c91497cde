import { describe, expect, it } from "vitest";
import { EXPORTED_COLUMNS } from "@/lib/events/event-columns";
import {
  addColumnsSql,
  copyIntoSql,
  createEventTableSql,
  describedColumns,
  enableVariantSql,
  missingColumns,
  typeMismatches,
} from "@/lib/exports/event-table";

const target = { catalog: "main", schema: "analytics", table: "events" };

describe("event table SQL", () => {
  it("creates every column of the documented table, JSON columns as STRING or VARIANT", () => {
    expect(EXPORTED_COLUMNS).toHaveLength(40); // the 40 columns of Amplitude's exported event
    const sql = createEventTableSql(target, "STRING");
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS `main`.`analytics`.`events` \(/);
    expect(sql).toContain("`event_time` TIMESTAMP");
    expect(sql).toContain("`amplitude_attribution_ids` ARRAY<STRING>");
    expect(sql).toContain("`event_properties` STRING");
    expect(sql).toMatch(/\) USING DELTA CLUSTER BY \(`event_time`, `event_type`\)$/);
    expect(createEventTableSql(target, "VARIANT")).toContain("`user_properties` VARIANT");
  });

  it("adds what an older table lacks", () => {
    const missing = missingColumns(
      EXPORTED_COLUMNS.filter((c) => c.name !== "paying" && c.name !== "data").map((c) => ({
        name: c.name.toUpperCase(),
        type: "whatever",
      })),
      "VARIANT",
    );
    expect(missing).toEqual([
      { name: "data", type: "VARIANT" },
      { name: "paying", type: "STRING" },
    ]);
    expect(addColumnsSql(target, missing)).toBe(
      "ALTER TABLE `main`.`analytics`.`events` ADD COLUMNS (`data` VARIANT, `paying` STRING)",
    );
  });

  it("reads the columns of DESCRIBE TABLE, not its clustering section", () => {
    const rows = [
      { col_name: "event_time", data_type: "timestamp", comment: null },
      { col_name: "event_type", data_type: "string", comment: null },
      { col_name: "", data_type: "", comment: "" },
      { col_name: "# Clustering Information", data_type: "", comment: "" },
      { col_name: "# col_name", data_type: "data_type", comment: "comment" },
      { col_name: "event_time", data_type: "timestamp", comment: null },
    ];
    expect(describedColumns(rows)).toEqual([
      { name: "event_time", type: "timestamp" },
      { name: "event_type", type: "string" },
    ]);
  });

  it("finds columns whose type differs from what the export writes, whatever the spelling", () => {
    const described = [
      { name: "event_time", type: "string" },
      { name: "Amplitude_Attribution_Ids", type: "array < string >" },
      { name: "event_properties", type: "string" },
      { name: "session_id", type: "int" },
      { name: "customer_column", type: "int" },
    ];
    expect(typeMismatches(described, "STRING")).toEqual([
      { name: "event_time", actual: "STRING", expected: "TIMESTAMP" },
      { name: "session_id", actual: "INT", expected: "BIGINT" },
    ]);
    expect(typeMismatches(described, "VARIANT").map((m) => m.name)).toEqual([
      "event_time",
      "event_properties",
      "session_id",
    ]);
    expect(enableVariantSql(target)).toBe(
      "ALTER TABLE `main`.`analytics`.`events` SET TBLPROPERTIES ('delta.feature.variantType' = 'supported')",
    );
  });

  it("copies Parquet files by name, reading columns by name, JSON text parsed for VARIANT", () => {
    const sql = copyIntoSql(
      target,
      "/Volumes/main/analytics/deltaport_d1/run",
      ["part-00000.parquet", "part-00001.parquet"],
      "VARIANT",
      "PARQUET",
    );
    expect(sql).toContain("PARSE_JSON(`event_properties`) AS `event_properties`");
    expect(sql).toContain(
      "CAST(`amplitude_attribution_ids` AS ARRAY<STRING>) AS `amplitude_attribution_ids`",
    );
    expect(sql).toMatch(
      / FROM '\/Volumes\/main\/analytics\/deltaport_d1\/run'\) FILEFORMAT = PARQUET FILES = \('part-00000.parquet', 'part-00001.parquet'\)$/,
    );
    expect(sql.toLowerCase()).not.toContain("force");
  });

  it("copies by file names with casts, and never with force", () => {
    const sql = copyIntoSql(
      target,
      "/Volumes/main/analytics/deltaport_d1/run",
      ["part-00000.json.gz", "part-00001.json.gz"],
      "VARIANT",
      "JSON",
    );
    expect(sql).toContain(
      "FROM (SELECT CAST(`uuid` AS STRING) AS `uuid`, CAST(`event_time` AS TIMESTAMP) AS `event_time`",
    );
    expect(sql).toContain("PARSE_JSON(`event_properties`) AS `event_properties`");
    expect(sql).toContain(
      "FROM '/Volumes/main/analytics/deltaport_d1/run') FILEFORMAT = JSON FILES = ('part-00000.json.gz', 'part-00001.json.gz')",
    );
    expect(sql.toLowerCase()).not.toContain("force");
    expect(() => copyIntoSql(target, "/Volumes/x", [], "STRING", "JSON")).toThrow();
    expect(() =>
      copyIntoSql(
        target,
        "/Volumes/x",
        Array.from({ length: 1001 }, (_, i) => `p${i}`),
        "STRING",
        "PARQUET",
      ),
    ).toThrow();
  });
});
