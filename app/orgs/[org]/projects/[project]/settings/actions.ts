"use server";

import { revalidatePath } from "next/cache";
import { findProjectAccess } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { regenerateApiKey } from "@/lib/projects/api-keys";
import { projectPath } from "@/lib/paths";

export type ActionResult = { ok: boolean; message: string };

/** Regenerates the project's ingest API key (ADMIN). The role is read from the database here. */
export async function regenerateApiKeyAction(orgSlug: string, projectSlug: string): Promise<ActionResult> {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
  const access = await findProjectAccess(user.id, String(orgSlug), String(projectSlug));
  if (!access) return { ok: false, message: "This project does not exist." };
  if (!can(access.role, "apiKeys.regenerate")) return { ok: false, message: "Only admins of this organization can regenerate the API key." };
  await regenerateApiKey({ projectId: access.project.id, organizationId: access.organization.id, actorId: user.id });
  revalidatePath(projectPath(access.organization.slug, access.project.slug), "layout");
  return { ok: true, message: "A new API key was generated. The old key no longer works: update your SDKs." };
}
