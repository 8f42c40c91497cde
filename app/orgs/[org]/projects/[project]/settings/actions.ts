"use server";

import { NoInput } from "@/lib/actions/action-frame";
import { projectAction } from "@/lib/actions/project-action";
import { projectPath } from "@/lib/paths";
import { regenerateApiKey } from "@/lib/projects/api-keys";

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
