import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrorsOf } from "@/lib/actions/action-result";
import {
  credentialInputSchema,
  DEFAULT_FREQUENCY_MINUTES,
  destinationInputSchema,
  FREQUENCIES,
  frequencyLabel,
  ScheduleInput,
} from "@/lib/destinations/destination-input";

const EMULATOR_HOST = "127.0.0.1:8443";
const schema = destinationInputSchema([EMULATOR_HOST]);

const valid = {
  frequencyMinutes: 60,
  filter: { eventTypes: null, conditions: [] },
  workspaceHost: "https://dbc-1234.cloud.databricks.com",
  servicePrincipalId: "1234567890",
  clientId: "6f2c1b7e-1111-4222-8333-444455556666",
  catalog: "main",
  schema: "analytics",
  table: "events",
  warehouseId: "0123456789abcdef",
};

/** The field errors of `input`, or null when it parses. */
const errorsOf = (input: unknown, parse: z.ZodType = schema) => {
  const result = parse.safeParse(input);
  return result.success ? null : fieldErrorsOf(result.error);
};

describe("destinationInputSchema", () => {
  it("accepts a complete input, with the column type and policy variant defaulted", () => {
    expect(schema.parse(valid)).toEqual({
      ...valid,
      filter: { ...valid.filter, customEvent: null },
      jsonColumnType: "STRING",
      policyVariant: "DISCOVERY",
      mergedIdsTable: null,
      exportDataConfig: false,
    });
    expect(schema.parse({ ...valid, jsonColumnType: "VARIANT", policyVariant: "INLINE_JWKS" })).toMatchObject(
      { jsonColumnType: "VARIANT", policyVariant: "INLINE_JWKS" },
    );
  });

  it("takes a merged-IDs table of its own name, checked as a table name", () => {
    expect(schema.parse({ ...valid, mergedIdsTable: " events_merged_ids " }).mergedIdsTable).toBe(
      "events_merged_ids",
    );
    expect(errorsOf({ ...valid, mergedIdsTable: valid.table })).toMatchObject({
      mergedIdsTable: expect.stringMatching(/name of its own/),
    });
    expect(errorsOf({ ...valid, mergedIdsTable: "bad name!" })).toMatchObject({
      mergedIdsTable: expect.stringMatching(/^Merged IDs table name/),
    });
  });

  it("trims every text field, and changes nothing else about it (no lowercasing here)", () => {
    const parsed = schema.parse({
      ...valid,
      workspaceHost: "  https://DBC-1234.Cloud.Databricks.com  ",
      servicePrincipalId: " 1234567890\n",
      clientId: "\t6F2C1B7E-1111-4222-8333-444455556666 ",
      catalog: " Main ",
      schema: " Analytics ",
      table: " Events_2026 ",
      warehouseId: " 0123456789ABCDEF ",
    });
    expect(parsed).toMatchObject({
      workspaceHost: "https://DBC-1234.Cloud.Databricks.com",
      servicePrincipalId: "1234567890",
      clientId: "6F2C1B7E-1111-4222-8333-444455556666",
      catalog: "Main",
      schema: "Analytics",
      table: "Events_2026",
      warehouseId: "0123456789ABCDEF",
    });
  });

  it("refuses each invalid field with its message, at its path", () => {
    const cases: [Record<string, unknown>, string, string | RegExp][] = [
      [
        { workspaceHost: "http://dbc-1234.cloud.databricks.com" },
        "workspaceHost",
        /must start with https:\/\//,
      ],
      [{ workspaceHost: "https://evil.example.com" }, "workspaceHost", /not a Databricks workspace URL/],
      [{ workspaceHost: "https://127.0.0.1:9443" }, "workspaceHost", /not a Databricks workspace URL/],
      [
        { workspaceHost: "dbc-1234" },
        "workspaceHost",
        "Enter the full workspace URL, starting with https://",
      ],
      [
        { servicePrincipalId: "12a4" },
        "servicePrincipalId",
        "Enter the numeric service principal ID: digits only",
      ],
      [
        { servicePrincipalId: "" },
        "servicePrincipalId",
        "Enter the numeric service principal ID: digits only",
      ],
      [
        { clientId: "not-a-uuid" },
        "clientId",
        "Enter the application_id: a UUID like 6f2c1b7e-1111-4222-8333-444455556666",
      ],
      [{ catalog: "" }, "catalog", "Catalog is required"],
      [{ catalog: "   " }, "catalog", "Catalog is required"],
      [
        { catalog: "my catalog" },
        "catalog",
        "Catalog may contain only letters, digits, underscores (_) and hyphens (-)",
      ],
      [{ schema: "a".repeat(256) }, "schema", "Schema must be at most 255 characters"],
      [
        { schema: "analytics;drop" },
        "schema",
        "Schema may contain only letters, digits, underscores (_) and hyphens (-)",
      ],
      [
        { table: "events`x" },
        "table",
        "Table name may contain only letters, digits, underscores (_) and hyphens (-)",
      ],
      [{ table: "" }, "table", "Table name is required"],
      [
        { warehouseId: "0123456789abcdeg" },
        "warehouseId",
        "Enter the SQL warehouse ID: 16 characters 0-9 and a-f",
      ],
      [
        { warehouseId: "0123456789abcde" },
        "warehouseId",
        "Enter the SQL warehouse ID: 16 characters 0-9 and a-f",
      ],
      [{ frequencyMinutes: 45 }, "frequencyMinutes", "Choose one of the offered frequencies"],
      [
        { filter: { eventTypes: { operator: "is", values: [] } } },
        "filter.eventTypes.values",
        "Choose at least one event type",
      ],
      [
        { filter: { conditions: [{ scope: "event", property: " ", operator: "is", values: ["a"] }] } },
        "filter.conditions.0.property",
        "Name the property",
      ],
    ];
    for (const [change, path, message] of cases) {
      const errors = errorsOf({ ...valid, ...change });
      expect(errors, JSON.stringify(change)).not.toBeNull();
      expect(Object.keys(errors!), JSON.stringify(change)).toEqual([path]);
      if (typeof message === "string") expect(errors![path]).toBe(message);
      else expect(errors![path]).toMatch(message);
    }
  });

  it("accepts the deployment's extra workspace hosts, and only those", () => {
    expect(schema.parse({ ...valid, workspaceHost: "https://127.0.0.1:8443" }).workspaceHost).toBe(
      "https://127.0.0.1:8443",
    );
    expect(
      errorsOf({ ...valid, workspaceHost: "https://127.0.0.1:8443" }, destinationInputSchema([])),
    ).toEqual({
      workspaceHost: expect.stringMatching(/not a Databricks workspace URL/),
    });
  });

  it("refuses unknown JSON column types and policy variants", () => {
    expect(Object.keys(errorsOf({ ...valid, jsonColumnType: "JSON" })!)).toEqual(["jsonColumnType"]);
    expect(Object.keys(errorsOf({ ...valid, policyVariant: "JWKS_URI" })!)).toEqual(["policyVariant"]);
  });

  it("reports every invalid field at once, one message per path", () => {
    const errors = errorsOf({
      frequencyMinutes: 7,
      filter: {},
      workspaceHost: "",
      servicePrincipalId: "x",
      clientId: "x",
      catalog: "",
      schema: "",
      table: "",
      warehouseId: "x",
    });
    expect(Object.keys(errors!).sort()).toEqual(
      [
        "frequencyMinutes",
        "workspaceHost",
        "servicePrincipalId",
        "clientId",
        "catalog",
        "schema",
        "table",
        "warehouseId",
      ].sort(),
    );
    expect(errors!.schema).toBe("Schema is required");
  });

  it("names a missing field at its path", () => {
    const { table: _table, ...withoutTable } = valid;
    expect(Object.keys(errorsOf(withoutTable)!)).toEqual(["table"]);
  });
});

describe("ScheduleInput", () => {
  it("accepts each offered frequency, as a number or as the form's string", () => {
    for (const { minutes } of FREQUENCIES) {
      expect(ScheduleInput.parse({ frequencyMinutes: minutes, filter: {} }).frequencyMinutes).toBe(minutes);
      expect(ScheduleInput.parse({ frequencyMinutes: String(minutes), filter: {} }).frequencyMinutes).toBe(
        minutes,
      );
    }
    expect(FREQUENCIES.some((f) => f.minutes === DEFAULT_FREQUENCY_MINUTES)).toBe(true);
  });

  it("refuses frequencies that are not offered", () => {
    for (const minutes of [0, 1, 5, 45, 90, 1439, 2880, -60, 60.5, "sixty"]) {
      const errors = errorsOf({ frequencyMinutes: minutes, filter: {} }, ScheduleInput);
      expect(errors, String(minutes)).not.toBeNull();
      expect(Object.keys(errors!), String(minutes)).toEqual(["frequencyMinutes"]);
    }
    expect(errorsOf({ frequencyMinutes: 45, filter: {} }, ScheduleInput)).toEqual({
      frequencyMinutes: "Choose one of the offered frequencies",
    });
  });

  it("defaults an empty filter and keeps only schedule fields", () => {
    expect(ScheduleInput.parse({ frequencyMinutes: "15", filter: {}, catalog: "main" })).toEqual({
      frequencyMinutes: 15,
      filter: { eventTypes: null, customEvent: null, conditions: [] },
    });
  });
});

describe("credentialInputSchema", () => {
  const credentials = credentialInputSchema([EMULATOR_HOST]);

  it("picks only the workspace, credential and target fields", () => {
    const parsed = credentials.parse({ ...valid, jsonColumnType: "VARIANT", policyVariant: "INLINE_JWKS" });
    expect(parsed).toEqual({
      workspaceHost: valid.workspaceHost,
      clientId: valid.clientId,
      catalog: valid.catalog,
      schema: valid.schema,
      table: valid.table,
      warehouseId: valid.warehouseId,
    });
  });

  it("neither requires nor checks the fields it does not pick", () => {
    const { frequencyMinutes: _f, filter: _filter, servicePrincipalId: _s, ...credentialFields } = valid;
    expect(credentials.safeParse(credentialFields).success).toBe(true);
    expect(
      credentials.safeParse({ ...valid, frequencyMinutes: 45, servicePrincipalId: "x", filter: "x" }).success,
    ).toBe(true);
  });

  it("validates and trims the fields it picks like the full schema", () => {
    expect(credentials.parse({ ...valid, catalog: " Main " }).catalog).toBe("Main");
    expect(errorsOf({ ...valid, catalog: "bad name", warehouseId: "x" }, credentials)).toEqual({
      catalog: "Catalog may contain only letters, digits, underscores (_) and hyphens (-)",
      warehouseId: "Enter the SQL warehouse ID: 16 characters 0-9 and a-f",
    });
  });
});

describe("frequencyLabel", () => {
  it("names offered frequencies and falls back to minutes", () => {
    expect(frequencyLabel(60)).toBe("Every hour");
    expect(frequencyLabel(1440)).toBe("Every 24 hours");
    expect(frequencyLabel(45)).toBe("Every 45 minutes");
  });
});
