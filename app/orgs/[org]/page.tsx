import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listWorkspaces } from "@/lib/workspaces";
import { projectPath } from "@/lib/paths";

type Props = { params: Promise<{ org: string }> };

export default async function OrganizationPage({ params }: Props) {
  const { org } = await params;
  const user = await requireUser();
  const workspace = (await listWorkspaces(user.id)).find((candidate) => candidate.organization.slug === org);
  const firstProject = workspace?.projects[0];
  if (!workspace || !firstProject) notFound();
  redirect(projectPath(workspace.organization.slug, firstProject.slug));
}
