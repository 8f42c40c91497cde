import { createActionFrame } from "@/lib/actions/action-frame";
import { findOrganizationAccess, findProjectAccess } from "@/lib/auth/access";
import { db } from "@/lib/db/prisma";

/**
 * The action frame as the portal wires it (lib/actions/project-action.ts), with the database,
 * roles and destinations all real, but the caller named by the test instead of read from a
 * session cookie (there is no request in an integration test), and nothing to revalidate.
 * Server actions declared apart from their binding run through it unchanged.
 */
export function actionFrameAs(caller: () => string | null) {
  return createActionFrame({
    currentUser: async () => {
      const id = caller();
      return id ? { id } : null;
    },
    findProjectAccess,
    findOrganizationAccess,
    findLiveDestination: (projectId, id) =>
      db.destination.findFirst({ where: { id, projectId, deletedAt: null } }),
    revalidate: () => {},
  });
}
