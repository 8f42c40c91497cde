import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { can, whyNot } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listWorkspaces } from "@/lib/workspaces";
import { newProjectPath, projectPath } from "@/lib/paths";
import { buttonClass } from "@/components/ui/button";
import { MessagePage } from "@/components/ui/message-page";
import { PermissionNote } from "@/components/ui/permission-note";

type Props = { params: Promise<{ org: string }> };

/** An organization leads to its first live project; one whose projects are all deleted says so. */
export default async function OrganizationPage({ params }: Props) {
  const { org } = await params;
  const user = await requireUser();
  const workspace = (await listWorkspaces(user.id)).find((candidate) => candidate.organization.slug === org);
  if (!workspace) notFound();
  const { organization, role, projects } = workspace;
  if (projects[0]) redirect(projectPath(organization.slug, projects[0].slug));
  return (
    <MessagePage eyebrow={organization.name} title="No project yet">
      <p className="mt-2 text-slate-600">
        Events are sent to a project, and destinations export a project&apos;s events.
      </p>
      <div className="mt-6 flex flex-col items-center gap-2">
        {can(role, "projects.create") ? (
          <Link href={newProjectPath(organization.slug)} className={buttonClass({ variant: "primary" })}>
            New project
          </Link>
        ) : (
          <PermissionNote>{whyNot("projects.create")}</PermissionNote>
        )}
        <Link href="/" className="text-sm font-medium text-brand-700 hover:underline">
          Go to your projects
        </Link>
      </div>
    </MessagePage>
  );
}
