import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findOrganizationAccess } from "@/lib/auth/access";
import { can, whyNot } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listWorkspaces } from "@/lib/workspaces";
import { AppHeader } from "@/components/app-header";
import { ProjectNameForm } from "@/components/projects/project-name-form";
import { Card } from "@/components/ui/card";
import { createProjectAction } from "./actions";

export const metadata: Metadata = { title: "New project" };

type Props = { params: Promise<{ org: string }> };

export default async function NewProjectPage({ params }: Props) {
  const { org } = await params;
  const user = await requireUser();
  const access = await findOrganizationAccess(user.id, org);
  if (!access) notFound();
  const { organization, role } = access;
  return (
    <>
      <AppHeader
        workspaces={await listWorkspaces(user.id)}
        user={user}
        current={{ orgSlug: organization.slug, orgName: organization.name, role }}
      />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <div className="max-w-2xl">
          <p className="text-sm text-slate-500">{organization.name}</p>
          <h1 className="text-2xl font-semibold tracking-tight">New project</h1>
          <p className="mt-1 text-sm text-slate-600">
            A project has its own API key, events and destinations. Its URL is made from its name, and stays
            when it is renamed.
          </p>
          <Card className="mt-6">
            <ProjectNameForm
              label="Name"
              submitLabel="Create project"
              save={createProjectAction.bind(null, { org: organization.slug })}
              disabledReason={can(role, "projects.create") ? undefined : whyNot("projects.create")}
            />
          </Card>
        </div>
      </main>
    </>
  );
}
