import type { ActionResult } from "@/lib/actions/action-result";
import { stagingVolumeName } from "@/lib/exports/staging-volume";
import { formatTime } from "@/lib/format";
import type { Destination } from "@/lib/generated/prisma/browser";
import { federatedSubject } from "@/lib/oidc/claims";
import { CredentialsEditor } from "@/components/destinations/credentials-editor";
import { CardSection } from "@/components/ui/card";

type Props = {
  destination: Pick<
    Destination,
    | "id"
    | "projectId"
    | "workspaceHost"
    | "clientId"
    | "warehouseId"
    | "catalog"
    | "schema"
    | "table"
    | "exportFrom"
  >;
  allowedHosts: string[];
  /** Deltaport's OIDC issuer, for the policy commands of a credential change. */
  issuer: string;
  save: (input: unknown) => Promise<ActionResult>;
  disabledReason?: string;
};

/** What identifies the destination to Databricks, and the editor of its workspace, credential and target. */
export function CredentialSection({ destination, allowedHosts, issuer, save, disabledReason }: Props) {
  const { id, projectId, workspaceHost, clientId, warehouseId, catalog, schema, table } = destination;
  return (
    <CardSection id="credential-heading" title="Credential and target">
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">JWT subject</dt>
        <dd className="font-mono text-xs break-all">{federatedSubject(projectId, id)}</dd>
        <dt className="text-slate-500">Staging volume</dt>
        <dd className="font-mono text-xs">{`${catalog}.${schema}.${stagingVolumeName(id)}`}</dd>
        <dt className="text-slate-500">Exports events ingested from</dt>
        <dd>{formatTime(destination.exportFrom)}</dd>
      </dl>
      <div className="mt-4">
        <CredentialsEditor
          values={{ workspaceHost, clientId, warehouseId, catalog, schema, table }}
          allowedHosts={allowedHosts}
          policy={{ issuer, projectId, destinationId: id }}
          save={save}
          disabledReason={disabledReason}
        />
      </div>
    </CardSection>
  );
}
