"use server";

import { NoInput } from "@/lib/actions/action-frame";
import { projectAction } from "@/lib/actions/project-action";
import { organizationPath, projectPath } from "@/lib/paths";
import { regenerateApiKey } from "@/lib/projects/api-keys";
import { deleteProject, renameProject } from "@/lib/projects/manage-project";
import { ProjectNameInput } from "@/lib/projects/project-input";

/** Regenerates the project's ingest API key (ADMIN). */
export const regenerateApiKeyAction = projectAction({
  permission: "apiKeys.regenerate",
  input: NoInput,
  revalidate: (access) => projectPath(access.organization.slug, access.project.slug),
  async run(_input, { actor }) {
    await regenerateApiKey({
      projectId: actor.projectId,
      organizationId: actor.organizationId,
      actorId: actor.userId,
    });
    return {
      ok: true,
      message: "A new API key was generated. The old key no longer works: update your SDKs.",
    };
  },
});

/** Renames the project (ADMIN, MANAGER); its slug and URL stay. */
export const renameProjectAction = projectAction({
  permission: "projects.rename",
  input: ProjectNameInput,
  // The name shows in the header of every page of the organization.
  revalidate: (access) => organizationPath(access.organization.slug),
  async run({ name }, { actor }) {
    await renameProject(actor, name);
    return { ok: true, message: "Project renamed." };
  },
});

/**
 * Deletes the project softly (ADMIN); the page then goes to the organization. Nothing is
 * revalidated: the page the action is called from no longer exists, and the organization's
 * pages are rendered afresh on the way there.
 */
export const deleteProjectAction = projectAction({
  permission: "projects.delete",
  input: NoInput,
  async run(_input, { access, actor }) {
    await deleteProject(actor);
    return {
      ok: true,
      message: "Project deleted.",
      data: { path: organizationPath(access.organization.slug) },
    };
  },
});
