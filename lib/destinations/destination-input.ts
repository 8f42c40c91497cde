import { CONFIG_EXPORT_MAX_TABLE_NAME } from "@/lib/exports/config-tables";
import { z } from "zod";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import { EventFilter } from "@/lib/exports/event-filter";
import {
  isApplicationId,
  isNumericServicePrincipalId,
  isWarehouseId,
  unityCatalogNameProblem,
} from "@/lib/databricks/identifiers";

// The wizard's input: one schema for the form (validation as the admin types) and for the
// server actions (validation again, with the role checked from the database).

export const FREQUENCIES = [
  { minutes: 15, label: "Every 15 minutes" },
  { minutes: 30, label: "Every 30 minutes" },
  { minutes: 60, label: "Every hour" },
  { minutes: 180, label: "Every 3 hours" },
  { minutes: 360, label: "Every 6 hours" },
  { minutes: 720, label: "Every 12 hours" },
  { minutes: 1440, label: "Every 24 hours" },
] as const;
export const DEFAULT_FREQUENCY_MINUTES = 60;

export const frequencyLabel = (minutes: number) =>
  FREQUENCIES.find((f) => f.minutes === minutes)?.label ?? `Every ${minutes} minutes`;

const ucName = (label: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = unityCatalogNameProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${label} ${problem}` });
    });

export const ScheduleInput = z.object({
  frequencyMinutes: z.coerce
    .number()
    .refine(
      (minutes) => FREQUENCIES.some((f) => f.minutes === minutes),
      "Choose one of the offered frequencies",
    ),
  filter: EventFilter,
});

const MERGED_IDS_SAME_TABLE = "The merged-IDs table needs a name of its own, not the events table's";

/** The merged-IDs table's name, or null for none. */
export const MergedIdsTable = ucName("Merged IDs table name").nullable().default(null);

/** The wizard's fields, before the check across them (refineMergedIds): pick, omit, extend. */
export function destinationFields(allowedHosts: readonly string[]) {
  return ScheduleInput.extend({
    workspaceHost: z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        const check = checkWorkspaceHost(value, allowedHosts);
        if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason });
      }),
    servicePrincipalId: z
      .string()
      .trim()
      .refine(isNumericServicePrincipalId, "Enter the numeric service principal ID: digits only"),
    clientId: z
      .string()
      .trim()
      .refine(isApplicationId, "Enter the application_id: a UUID like 6f2c1b7e-1111-4222-8333-444455556666"),
    catalog: ucName("Catalog"),
    schema: ucName("Schema"),
    table: ucName("Table name"),
    warehouseId: z
      .string()
      .trim()
      .refine(isWarehouseId, "Enter the SQL warehouse ID: 16 characters 0-9 and a-f"),
    jsonColumnType: z.enum(["STRING", "VARIANT"]).default("STRING"),
    policyVariant: z.enum(["DISCOVERY", "INLINE_JWKS"]).default("DISCOVERY"),
    /** The merged-IDs table (same catalog and schema), or null when merges are not exported. */
    mergedIdsTable: MergedIdsTable,
    /** Whether runs also deliver the project's data configuration (snapshot tables and views). */
    exportDataConfig: z.boolean().default(false),
  });
}

/** With the data configuration exported, the names made from the table's must fit too. */
export const CONFIG_EXPORT_TABLE_TOO_LONG = `With the data configuration exported, the table name must be at most ${CONFIG_EXPORT_MAX_TABLE_NAME} characters: its configuration tables are named after it`;

/**
 * The checks across fields: a merged-IDs table named like the events table is refused, and so
 * is a table name too long for the data configuration's tables.
 */
export function refineMergedIds<
  T extends z.ZodType<{ table: string; mergedIdsTable: string | null; exportDataConfig?: boolean }>,
>(schema: T) {
  return schema.superRefine((input, ctx) => {
    if (input.mergedIdsTable && input.mergedIdsTable.toLowerCase() === input.table.toLowerCase())
      ctx.addIssue({ code: "custom", path: ["mergedIdsTable"], message: MERGED_IDS_SAME_TABLE });
    if (input.exportDataConfig && input.table.length > CONFIG_EXPORT_MAX_TABLE_NAME)
      ctx.addIssue({ code: "custom", path: ["table"], message: CONFIG_EXPORT_TABLE_TOO_LONG });
  });
}

/** The full wizard input; `allowedHosts` are the extra workspace hosts this deployment accepts. */
export function destinationInputSchema(allowedHosts: readonly string[]) {
  return refineMergedIds(destinationFields(allowedHosts));
}

/** Turning the data-configuration export on or off for an existing destination (credentials.write). */
export const DataConfigExportInput = z.object({ exportDataConfig: z.boolean({ error: "Choose on or off" }) });

/** Turning the merged-IDs export on or off for an existing destination (credentials.write). */
export const MergedIdsInput = z.object({ mergedIdsTable: MergedIdsTable });
export type DestinationInput = z.infer<ReturnType<typeof destinationInputSchema>>;

/** The fields an admin may change on an existing destination (credentials.write). */
export function credentialInputSchema(allowedHosts: readonly string[]) {
  return destinationFields(allowedHosts).pick({
    workspaceHost: true,
    clientId: true,
    catalog: true,
    schema: true,
    table: true,
    warehouseId: true,
  });
}

/** Workspace, credential and target: what Verify connection checks and an admin may change. */
export type CredentialInput = z.infer<ReturnType<typeof credentialInputSchema>>;
