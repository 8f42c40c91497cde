"use server";

import { z } from "zod";
import { accountAction, publicAction } from "@/lib/actions/project-action";
import { hashPassword } from "@/lib/auth/password";
import { NewPassword, PersonName } from "@/lib/auth/password-rules";
import { currentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { acceptInvitation, acceptInvitationWithNewAccount } from "@/lib/members/invitations";

const Token = z.string().min(1).max(100);

/** A signed-in user accepts an invitation made out to their e-mail: returns the organization. */
export const acceptInvitationAction = accountAction({
  input: z.object({ token: Token }),
  async run({ token }) {
    const user = await currentUser();
    if (!user) throw new AppError("FORBIDDEN", "Your session has ended. Sign in again.");
    const organizationSlug = await acceptInvitation(token, user);
    return { ok: true, data: { organizationSlug } };
  },
});

/**
 * Someone without an account accepts: creates it with the invitation's e-mail. The link's
 * token is what entitles the caller; the form then signs in with the new password.
 */
export const acceptWithNewAccountAction = publicAction({
  input: z.object({ token: Token, name: PersonName, password: NewPassword }),
  async run({ token, name, password }) {
    const accepted = await acceptInvitationWithNewAccount(token, {
      name,
      passwordHash: await hashPassword(password),
    });
    return { ok: true, data: accepted };
  },
});
