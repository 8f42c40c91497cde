import "server-only";
import { lockUntilCommit } from "@/lib/db/transaction-lock";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * One change at a time to a project's transformations and custom events, until the change
 * commits: each checks the others it must not contradict (or a name it must not repeat) before
 * writing, which two concurrent changes could otherwise both pass.
 */
export const lockProjectConfig = (tx: Prisma.TransactionClient, projectId: string) =>
  lockUntilCommit(tx, `project-config:${projectId}`);
