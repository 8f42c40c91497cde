"use server";

import { revalidatePath } from "next/cache";
import { projectAction, type ActionResult } from "@/lib/actions/project-action";
import { regenerateApiKey } from "@/lib/projects/api-keys";
import { projectPath } from "@/lib/paths";

/** Regenerates the project's ingest API key (ADMIN). */
export async function regenerateApiKeyAction(orgSlug: string, projectSlug: string): Promise<ActionResult> {
  return projectAction(orgSlug, projectSlug, "apiKeys.regenerate", async ({ access, actor }) => {
    await regenerateApiKey({
      projectId: access.project.id,
      organizationId: actor.organizationId,
      actorId: actor.userId,
    });
    revalidatePath(projectPath(access.organization.slug, access.project.slug), "layout");
    return {
      ok: true,
      message: "A new API key was generated. The old key no longer works: update your SDKs.",
    };
  });
}
