// The fields of a destination's workspace, credential and target, as the wizard and the
// destination page's editor label them.

export type SetupField =
  | "workspaceHost"
  | "servicePrincipalId"
  | "clientId"
  | "catalog"
  | "schema"
  | "table"
  | "warehouseId";

type FieldSpec = { label: string; placeholder?: string; hint?: string; inputMode?: "numeric" };

export const SETUP_FIELDS: Record<SetupField, FieldSpec> = {
  workspaceHost: { label: "Workspace host", placeholder: "https://dbc-xxxx.cloud.databricks.com" },
  servicePrincipalId: {
    label: "Service Principal ID (numeric)",
    inputMode: "numeric",
    hint: "Only fills the command on the right; Deltaport does not store it.",
  },
  clientId: { label: "Service Principal application_id (clientId)", placeholder: "6f2c1b7e-…" },
  catalog: { label: "Catalog" },
  schema: { label: "Schema" },
  table: { label: "Table name" },
  warehouseId: { label: "SQL warehouse ID", placeholder: "16 hex characters" },
};
