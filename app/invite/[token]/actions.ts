"use server";

import { z } from "zod";
import { accountAction, publicAction } from "@/lib/actions/project-action";
import { NewPassword, PersonName } from "@/lib/auth/password-rules";
import { throttleForm } from "@/lib/auth/request-throttle";
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
    await throttleForm("link-form");
    const accepted = await acceptInvitationWithNewAccount(token, { name, password });
    return { ok: true, data: accepted };
  },
});
