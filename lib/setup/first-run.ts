import "server-only";
import { db } from "@/lib/db/prisma";

// First-run setup: a deployment with no user leads every page to /setup, which creates the
// first admin with the setup token (lib/setup/setup-token.ts).

let setUpAlready = false;

/** Whether the deployment has no user yet. Once one exists it stays so: not asked again. */
export async function needsSetup(): Promise<boolean> {
  if (setUpAlready) return false;
  setUpAlready = (await db.user.count({ take: 1 })) > 0;
  return !setUpAlready;
}
