import { revocationCommands, revokeSql } from "@/lib/destinations/databricks-snippets";
import type { Destination } from "@/lib/generated/prisma/browser";
import { CodeBlock } from "@/components/code-block";
import { CardSection } from "@/components/ui/card";

type Props = { destination: Pick<Destination, "id" | "clientId" | "catalog" | "schema" | "table"> };

/** How to take Deltaport's access away in Databricks: the policy, then the grants. */
export function RevocationSection({ destination: { id, clientId, catalog, schema, table } }: Props) {
  return (
    <CardSection id="revoke-heading" title={"Revoke Deltaport's access"} className="space-y-3">
      <p className="text-sm text-slate-600">
        Delete the federation policy with the same <strong>account</strong> profile you created it with (a
        workspace profile gets 401); the next run then fails with PERMISSION_DENIED and no event is skipped.
        Fill in the numeric service principal ID, which Deltaport does not store.
      </p>
      <CodeBlock title="Revocation commands (Databricks CLI)" code={revocationCommands(id)} />
      <p className="text-sm text-slate-600">
        To also block data access for any token that is still valid, remove the grants:
      </p>
      <CodeBlock
        title="REVOKE grants (SQL editor)"
        code={revokeSql({ applicationId: clientId, catalog, schema, table })}
      />
    </CardSection>
  );
}
