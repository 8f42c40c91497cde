import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PermissionNote } from "@/components/ui/permission-note";
import { regenerateApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "Project settings" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function ProjectSettingsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const maySee = can(access.role, "project.settings");
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-semibold tracking-tight">Project settings</h1>
      {!maySee ? (
        <PermissionNote className="mt-4">{whyNot("project.settings")}</PermissionNote>
      ) : (
        <CardSection
          id="api-key-heading"
          title="API key"
          level={2}
          titleClassName="text-lg"
          className="mt-6 space-y-3"
        >
          <p className="text-sm text-slate-600">
            SDKs send this project&apos;s events with this key (it routes events; it grants nothing else).
          </p>
          <code
            className="block rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all"
            data-testid="api-key"
          >
            {access.project.apiKey}
          </code>
          <ConfirmButton
            label="Regenerate API key"
            pendingLabel="Working…"
            variant="danger"
            confirm="The current key stops working at once: SDKs sending with it get “Invalid API key”."
            action={regenerateApiKeyAction.bind(null, {
              org: access.organization.slug,
              project: access.project.slug,
            })}
            disabledReason={can(access.role, "apiKeys.regenerate") ? undefined : whyNot("apiKeys.regenerate")}
          />
        </CardSection>
      )}
    </div>
  );
}
