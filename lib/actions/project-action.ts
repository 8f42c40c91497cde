import "server-only";
import { revalidatePath } from "next/cache";
import { createActionFrame } from "@/lib/actions/action-frame";
import { findOrganizationAccess, findProjectAccess } from "@/lib/auth/access";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";

// The action frame (lib/actions/action-frame.ts) wired to the session, the database and
// Next's cache. Every server action is declared through one of these.
export const { projectAction, destinationAction, organizationAction, accountAction, publicAction } =
  createActionFrame({
    currentUser,
    findProjectAccess,
    findOrganizationAccess,
    // Tenant-scoped: the id alone never finds another project's destination.
    findLiveDestination: (projectId, id) =>
      db.destination.findFirst({ where: { id, projectId, deletedAt: null } }),
    revalidate: (path) => revalidatePath(path, "layout"),
  });
