"use client";

import type { FieldErrors } from "@/lib/actions/action-result";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import { federationPolicyCommand, grantsSql } from "@/lib/destinations/databricks-snippets";
import { CodeBlock } from "@/components/code-block";
import type { SetupField } from "@/components/destinations/setup-fields";

/** What the policy command names besides the fields: fixed when the wizard opens. */
export type PolicyContext = {
  destinationId: string;
  projectId: string;
  issuer: string;
  allowedHosts: string[];
  jwks: { keys: object[] };
};

type Props = {
  context: PolicyContext;
  fields: Record<SetupField, string>;
  /** The merged-IDs table, when the merge ledger is exported too. */
  mergedIdsTable?: string | null;
  /** Whether the data configuration is exported (its tables and views). */
  exportDataConfig?: boolean;
  errors: FieldErrors;
  inlineJwks: boolean;
  onInlineJwks: (inlineJwks: boolean) => void;
};

/** The Federation Policy command and the grants, written as the admin types; placeholders until then. */
export function SetupSnippets({
  context,
  fields,
  mergedIdsTable,
  exportDataConfig,
  errors,
  inlineJwks,
  onInlineJwks,
}: Props) {
  const host = checkWorkspaceHost(fields.workspaceHost, context.allowedHosts);
  const command = federationPolicyCommand({
    issuer: context.issuer,
    projectId: context.projectId,
    destinationId: context.destinationId,
    workspaceOrigin: host.ok ? host.value.origin : undefined,
    servicePrincipalId: fields.servicePrincipalId.trim(),
    inlineJwks: inlineJwks ? context.jwks : undefined,
  });
  const validValue = (field: SetupField) =>
    !errors[field] && fields[field].trim() !== "" ? fields[field].trim() : undefined;
  const grants = grantsSql({
    applicationId: validValue("clientId"),
    catalog: validValue("catalog"),
    schema: validValue("schema"),
    table: validValue("table"),
    // Exported with a valid name: its grant; exported, name not valid yet: a placeholder.
    mergedIdsTable: mergedIdsTable == null ? undefined : errors.mergedIdsTable ? null : mergedIdsTable,
    exportDataConfig,
  });
  return (
    <div className="min-w-0 space-y-4">
      <CodeBlock title="Federation Policy command (Databricks CLI)" code={command} copyLabel="Copy command" />
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
        <li>
          Run it with a Databricks CLI profile for your <strong>account</strong>: a workspace profile gets
          401.
        </li>
        <li>
          One service principal holds at most 20 federation policies, so it can serve at most 20 destinations.
        </li>
      </ul>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={inlineJwks}
          onChange={(e) => onInlineJwks(e.target.checked)}
          className="mt-1"
        />
        <span>
          Put Deltaport&apos;s public keys in the policy (for issuers Databricks cannot reach). You will have
          to update the policy when Deltaport rotates its keys.
        </span>
      </label>
      <CodeBlock title="Unity Catalog grants (SQL editor)" code={grants} copyLabel="Copy SQL" />
      <p className="text-sm text-slate-600">
        Then grant the service principal <strong>CAN USE</strong> in SQL Warehouses → your warehouse →
        Permissions: warehouse permissions are not grantable through SQL.
      </p>
    </div>
  );
}
