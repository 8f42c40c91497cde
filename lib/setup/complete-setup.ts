import "server-only";
import { db } from "@/lib/db/prisma";
import { hashNewPassword } from "@/lib/auth/password";
import { lockUntilCommit } from "@/lib/db/transaction-lock";
import { AppError } from "@/lib/errors";
import { createOrganizationIn } from "@/lib/organizations/create-organization";
import { setupToken, setupTokenMatches } from "@/lib/setup/setup-token";

export type SetupInput = {
  token: string;
  name: string;
  email: string;
  password: string;
  organizationName: string;
  projectName: string;
};

/**
 * Creates the deployment's first user (ADMIN), their organization and its first project, all
 * or nothing, if the token is right and no user exists yet. Returns where to go next.
 */
export async function completeSetup(input: SetupInput): Promise<{ email: string; organizationSlug: string }> {
  const expected = setupToken();
  if (!expected)
    throw new AppError("FORBIDDEN", "Setup is turned off: set SETUP_TOKEN in the deployment's environment.");
  if (!setupTokenMatches(input.token, expected))
    throw new AppError("FORBIDDEN", "This setup token is not the deployment's.", "token");
  const passwordHash = await hashNewPassword(input.password);
  return db.$transaction(async (tx) => {
    // Two setups at once: the second waits, then finds the first one's user.
    await lockUntilCommit(tx, "first-run-setup");
    if ((await tx.user.count({ take: 1 })) > 0)
      throw new AppError("CONFLICT", "This deployment is already set up. Sign in instead.");
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true },
    });
    const { organization } = await createOrganizationIn(tx, {
      userId: user.id,
      organizationName: input.organizationName,
      projectName: input.projectName,
    });
    return { email: input.email, organizationSlug: organization.slug };
  });
}
