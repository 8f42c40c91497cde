import { revocationCommands, revokeSql, transferOwnershipSql } from "@/lib/destinations/databricks-snippets";
import { stagingVolumeName } from "@/lib/exports/staging-volume";
import type { Destination } from "@/lib/generated/prisma/browser";
import { CodeBlock } from "@/components/code-block";
import { CardSection } from "@/components/ui/card";

type Props = { destination: Pick<Destination, "id" | "clientId" | "catalog" | "schema" | "table"> };

/** How to take Deltaport's access away in Databricks, and what each step cuts. */
export function RevocationSection({ destination: { id, clientId, catalog, schema, table } }: Props) {
  const target = { applicationId: clientId, catalog, schema, table };
  return (
    <CardSection id="revoke-heading" title={"Revoke Deltaport's access"} className="space-y-3">
      <p className="text-sm text-slate-600">
        <strong>1. The federation policy</strong> cuts new tokens: delete it with the same{" "}
        <strong>account</strong> profile you created it with (a workspace profile gets 401). The next run then
        fails with PERMISSION_DENIED and no event is skipped. A token already issued stays valid until it
        expires, within the hour. Fill in the numeric service principal ID, which Deltaport does not store.
      </p>
      <CodeBlock title="Revocation commands (Databricks CLI)" code={revocationCommands(id)} />
      <p className="text-sm text-slate-600">
        <strong>2. USE SCHEMA and USE CATALOG</strong> cut data access at once, for any token still valid. The
        service principal owns the table and the staging volume it created, and an owner keeps every privilege
        on its object: revoking SELECT or MODIFY on the table would change nothing.
      </p>
      <CodeBlock title="REVOKE (SQL editor)" code={revokeSql(target)} />
      <p className="text-sm text-slate-600">
        <strong>3. Ownership</strong>: to keep the table, hand it and the staging volume to one of your users
        or groups, so that the service principal holds nothing on them even if it were granted USE again.
      </p>
      <CodeBlock
        title="Transfer ownership (SQL editor)"
        code={transferOwnershipSql({ ...target, volume: stagingVolumeName(id) })}
      />
    </CardSection>
  );
}
