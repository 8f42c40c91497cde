// The Databricks wizard's state: a plain reducer, so that every change the wizard makes is
// one named action.
import type { FieldErrors } from "@/lib/actions/action-result";
import { DEFAULT_FREQUENCY_MINUTES } from "@/lib/destinations/destination-input";
import type { ConnectionCheck } from "@/lib/destinations/verify-connection";
import { draftToFilter, EMPTY_DRAFT, type DraftFilter } from "@/components/destinations/filter-draft";
import type { SetupField } from "@/components/destinations/setup-fields";
import { defaultMergedIdsTable } from "@/lib/exports/merged-ids-table";

export type WizardStep = "get-started" | "set-up";

export type WizardState = {
  step: WizardStep;
  frequencyMinutes: number;
  draft: DraftFilter;
  /** Historical backfill: the day (YYYY-MM-DD) to backfill from, or null for none. */
  backfillFrom: string | null;
  /** Export all merged Amplitude IDs, into `mergedIdsTable` (empty: `<table>_merged_ids`). */
  exportMergedIds: boolean;
  mergedIdsTable: string;
  /** Export the data configuration: snapshot tables and views beside the events table. */
  exportDataConfig: boolean;
  fields: Record<SetupField, string>;
  /** Fields the admin has typed in: their errors show as they type. */
  touched: SetupField[];
  /** After Verify connection or Finish, every field's error shows. */
  showAllErrors: boolean;
  inlineJwks: boolean;
  /** What the server said about fields, until the field changes. */
  serverErrors: FieldErrors;
  message?: string;
  checks?: ConnectionCheck[];
};

export type WizardAction =
  | { type: "goTo"; step: WizardStep }
  | { type: "setFrequency"; minutes: number }
  | { type: "setFilter"; draft: DraftFilter }
  | { type: "setBackfillFrom"; day: string | null }
  | { type: "setExportMergedIds"; on: boolean }
  | { type: "setMergedIdsTable"; value: string }
  | { type: "setExportDataConfig"; on: boolean }
  | { type: "setField"; field: SetupField; value: string }
  | { type: "setInlineJwks"; inlineJwks: boolean }
  | { type: "finish"; valid: boolean }
  | { type: "verify" }
  | { type: "verified"; checks: ConnectionCheck[] }
  | { type: "rejected"; message: string; fieldErrors?: FieldErrors };

export const initialWizardState: WizardState = {
  step: "get-started",
  frequencyMinutes: DEFAULT_FREQUENCY_MINUTES,
  draft: EMPTY_DRAFT,
  backfillFrom: null,
  exportMergedIds: false,
  mergedIdsTable: "",
  exportDataConfig: false,
  fields: {
    workspaceHost: "",
    servicePrincipalId: "",
    clientId: "",
    catalog: "",
    schema: "",
    table: "",
    warehouseId: "",
  },
  touched: [],
  showAllErrors: false,
  inlineJwks: false,
  serverErrors: {},
};

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case "goTo":
      return { ...state, step: action.step };
    case "setFrequency":
      return { ...state, frequencyMinutes: action.minutes };
    case "setFilter":
      return { ...state, draft: action.draft };
    case "setBackfillFrom":
      return { ...state, backfillFrom: action.day, message: undefined };
    case "setExportMergedIds":
      return { ...state, exportMergedIds: action.on, message: undefined };
    case "setExportDataConfig":
      return { ...state, exportDataConfig: action.on, message: undefined };
    case "setMergedIdsTable": {
      const { mergedIdsTable: _answered, ...serverErrors } = state.serverErrors;
      return { ...state, mergedIdsTable: action.value, serverErrors, message: undefined };
    }
    case "setField": {
      const { [action.field]: _answered, ...serverErrors } = state.serverErrors;
      return {
        ...state,
        fields: { ...state.fields, [action.field]: action.value },
        touched: state.touched.includes(action.field) ? state.touched : [...state.touched, action.field],
        serverErrors,
        message: undefined,
      };
    }
    case "setInlineJwks":
      return { ...state, inlineJwks: action.inlineJwks };
    case "finish":
      return {
        ...state,
        showAllErrors: true,
        message: action.valid ? undefined : "Some fields need attention.",
      };
    case "verify":
      return { ...state, showAllErrors: true, checks: undefined };
    case "verified":
      return { ...state, checks: action.checks };
    case "rejected":
      return { ...state, serverErrors: action.fieldErrors ?? {}, message: action.message };
  }
}

/** The merged-IDs table the wizard names: the admin's, or the events table's with `_merged_ids`. */
export const mergedIdsTableOf = ({ exportMergedIds, mergedIdsTable, fields }: WizardState) =>
  exportMergedIds ? mergedIdsTable.trim() || defaultMergedIdsTable(fields.table.trim()) : null;

/** What the wizard sends: the schedule, the fields and the policy variant (validated by the caller). */
export function wizardInput(state: WizardState) {
  const { frequencyMinutes, draft, fields, inlineJwks } = state;
  return {
    frequencyMinutes,
    filter: draftToFilter(draft),
    ...fields,
    policyVariant: inlineJwks ? "INLINE_JWKS" : "DISCOVERY",
    mergedIdsTable: mergedIdsTableOf(state),
    exportDataConfig: state.exportDataConfig,
  };
}

/** A field's error, once the admin has typed in it or tried to go on. */
export function visibleError(state: WizardState, errors: FieldErrors, field: SetupField): string | undefined {
  return state.showAllErrors || state.touched.includes(field) ? errors[field] : undefined;
}
