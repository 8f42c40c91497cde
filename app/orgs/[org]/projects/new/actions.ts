"use server";

import { organizationAction } from "@/lib/actions/project-action";
import { organizationPath, projectPath } from "@/lib/paths";
import { createProject } from "@/lib/projects/create-project";
import { ProjectNameInput } from "@/lib/projects/project-input";

/** Creates a project in the organization (ADMIN); the form then goes to it. */
export const createProjectAction = organizationAction({
  permission: "projects.create",
  input: ProjectNameInput,
  // The header's project switcher, on every page of the organization.
  revalidate: (access) => organizationPath(access.organization.slug),
  async run({ name }, { access, actor }) {
    const project = await createProject({
      organizationId: actor.organizationId,
      actorId: actor.userId,
      name,
    });
    return {
      ok: true,
      message: "Project created.",
      data: { path: projectPath(access.organization.slug, project.slug) },
    };
  },
});
