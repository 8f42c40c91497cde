import { retentionFacts } from "@/lib/events/retention";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { listCustomEvents } from "@/lib/catalog/custom-events";
import { isDestinationId, newDestinationId } from "@/lib/destinations/destination-id";
import { env, issuerUrl } from "@/lib/env";
import { publishedJwks } from "@/lib/oidc/signing-keys";
import { catalogPath } from "@/lib/paths";
import { DatabricksWizard } from "@/components/destinations/databricks-wizard";
import { PermissionNote } from "@/components/ui/permission-note";
import { createDestinationAction, verifyConnectionAction } from "../../actions";

export const metadata: Metadata = { title: "New Databricks destination" };

type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ id?: string }> };

export default async function NewDatabricksDestinationPage({ params, searchParams }: Props) {
  const { org, project } = await params;
  const { id } = await searchParams;
  const access = await requireProjectAccess(org, project);
  const destinations = catalogPath(access.organization.slug, access.project.slug, "destinations");
  if (!can(access.role, "destinations.create")) {
    return (
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New Databricks destination</h1>
        <PermissionNote className="mt-4">{whyNot("destinations.create")}</PermissionNote>
      </div>
    );
  }
  // The id is fixed when the wizard opens: the command shown contains it, so it must not change.
  if (!id || !isDestinationId(id)) redirect(`${destinations}/databricks/new?id=${newDestinationId()}`);
  const scope = { org: access.organization.slug, project: access.project.slug };
  const customEvents = await listCustomEvents(access.project.id);
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">New Databricks destination</h1>
      <DatabricksWizard
        destinationId={id}
        projectId={access.project.id}
        issuer={issuerUrl()}
        allowedHosts={env().ALLOWED_WORKSPACE_HOSTS}
        jwks={await publishedJwks()}
        destinationsUrl={destinations}
        create={createDestinationAction.bind(null, scope)}
        verify={verifyConnectionAction.bind(null, scope)}
        customEvents={customEvents.map(({ id, name }) => ({ id, name }))}
        retention={await retentionFacts()}
      />
    </div>
  );
}
