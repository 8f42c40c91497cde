import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot, type Permission, type Role } from "@/lib/auth/permissions";
import { projectPath } from "@/lib/paths";
import { DeleteProjectButton } from "@/components/projects/delete-project-button";
import { ProjectNameForm } from "@/components/projects/project-name-form";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PermissionNote } from "@/components/ui/permission-note";
import { deleteProjectAction, regenerateApiKeyAction, renameProjectAction } from "./actions";

export const metadata: Metadata = { title: "Project settings" };

type Props = { params: Promise<{ org: string; project: string }> };

const sectionProps = { level: 2, titleClassName: "text-lg", className: "mt-6 space-y-3" } as const;

/** Undefined if `role` may do it, else the sentence shown beside the disabled control. */
const reasonUnless = (role: Role, permission: Permission) =>
  can(role, permission) ? undefined : whyNot(permission);

export default async function ProjectSettingsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const scope = { org: access.organization.slug, project: access.project.slug };
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-semibold tracking-tight">Project settings</h1>
      {!can(access.role, "project.settings") ? (
        <PermissionNote className="mt-4">{whyNot("project.settings")}</PermissionNote>
      ) : (
        <>
          <CardSection id="project-name-heading" title="General" {...sectionProps}>
            <p className="text-sm text-slate-600">
              Renaming keeps the project&apos;s URL ({projectPath(scope.org, scope.project)}) and its API key.
            </p>
            <ProjectNameForm
              label="Project name"
              submitLabel="Rename project"
              initialName={access.project.name}
              save={renameProjectAction.bind(null, scope)}
              disabledReason={reasonUnless(access.role, "projects.rename")}
            />
          </CardSection>
          <CardSection id="api-key-heading" title="API key" {...sectionProps}>
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
              action={regenerateApiKeyAction.bind(null, scope)}
              disabledReason={reasonUnless(access.role, "apiKeys.regenerate")}
            />
          </CardSection>
          <CardSection id="delete-project-heading" title="Delete this project" {...sectionProps}>
            <p className="text-sm text-slate-600">
              The project disappears from the portal, its API key is refused and its destinations are deleted
              (they stop, and their tables are free for new destinations). Its events, run history and audit
              log are kept.
            </p>
            <DeleteProjectButton
              remove={deleteProjectAction.bind(null, scope)}
              disabledReason={reasonUnless(access.role, "projects.delete")}
            />
          </CardSection>
        </>
      )}
    </div>
  );
}
