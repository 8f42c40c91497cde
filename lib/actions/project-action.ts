import "server-only";
import { findProjectAccess, type ProjectAccess } from "@/lib/auth/access";
import { can, whyNot, type Permission } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import type { Actor } from "@/lib/destinations/create-destination";
import { AppError } from "@/lib/errors";

export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string> };

/**
 * The frame of every project server action: the caller's role is read from the database,
 * `permission` is enforced here (whatever the UI showed), expected errors become messages,
 * and anything else a generic message with a reference that is also logged.
 */
export async function projectAction<T>(
  orgSlug: unknown,
  projectSlug: unknown,
  permission: Permission,
  work: (context: { access: ProjectAccess; actor: Actor }) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
  const access = await findProjectAccess(user.id, String(orgSlug), String(projectSlug));
  if (!access) return { ok: false, message: "This project does not exist." };
  if (!can(access.role, permission)) return { ok: false, message: whyNot(permission) };
  try {
    return await work({
      access,
      actor: { userId: user.id, organizationId: access.organization.id, projectId: access.project.id },
    });
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.userMessage };
    const reference = crypto.randomUUID().slice(0, 8);
    console.error(`[action ${reference}]`, error);
    return { ok: false, message: `Something went wrong (reference ${reference}). Please try again.` };
  }
}
