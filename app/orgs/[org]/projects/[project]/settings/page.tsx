import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { PermissionNote } from "@/components/permission-note";
import { ActionButton } from "@/components/action-button";
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
        <div className="mt-4">
          <PermissionNote>{whyNot("project.settings")}</PermissionNote>
        </div>
      ) : (
        <section
          aria-labelledby="api-key-heading"
          className="mt-6 space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="api-key-heading" className="text-lg font-semibold">
            API key
          </h2>
          <p className="text-sm text-slate-600">
            SDKs send this project&apos;s events with this key (it routes events; it grants nothing else).
          </p>
          <code
            className="block rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all"
            data-testid="api-key"
          >
            {access.project.apiKey}
          </code>
          <ActionButton
            label="Regenerate API key"
            danger
            confirm="The current key stops working at once: SDKs sending with it get “Invalid API key”."
            action={regenerateApiKeyAction.bind(null, {
              org: access.organization.slug,
              project: access.project.slug,
            })}
            disabledReason={can(access.role, "apiKeys.regenerate") ? undefined : whyNot("apiKeys.regenerate")}
          />
          {!can(access.role, "apiKeys.regenerate") && (
            <PermissionNote>{whyNot("apiKeys.regenerate")}</PermissionNote>
          )}
        </section>
      )}
    </div>
  );
}
