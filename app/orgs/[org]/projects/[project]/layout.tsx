import { requireProjectAccess } from "@/lib/auth/session";
import { listWorkspaces } from "@/lib/workspaces";
import { AppHeader } from "@/components/app-header";

type Props = { children: React.ReactNode; params: Promise<{ org: string; project: string }> };

export default async function ProjectLayout({ children, params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const workspaces = await listWorkspaces(access.user.id);
  return (
    <>
      <AppHeader
        workspaces={workspaces}
        user={access.user}
        current={{
          orgSlug: access.organization.slug,
          orgName: access.organization.name,
          projectSlug: access.project.slug,
          projectName: access.project.name,
          role: access.role,
        }}
      />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
