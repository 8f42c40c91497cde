"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { accountAction, publicAction } from "@/lib/actions/project-action";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/auth/password-change";
import { NewPassword } from "@/lib/auth/password-rules";
import { throttleForm } from "@/lib/auth/request-throttle";
import { currentSessionId, currentUser } from "@/lib/auth/session";
import { requestAddress } from "@/lib/client-address";
import { AppError } from "@/lib/errors";

/** Changes the caller's password; their other sessions end. */
export const changePasswordAction = accountAction({
  input: z.object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: NewPassword,
  }),
  async run(input) {
    const user = await currentUser();
    if (!user) throw new AppError("FORBIDDEN", "Your session has ended. Sign in again.");
    await changePassword(user, await currentSessionId(), input, requestAddress(await headers()));
    return { ok: true, message: "Password changed. Your other sessions are signed out." };
  },
});

const SENT = "If an account exists for this e-mail, we sent it a link to reset the password.";

/** Asks for a password-reset e-mail; answers the same whether or not the account exists. */
export const requestPasswordResetAction = publicAction({
  input: z.object({ email: z.string().trim().toLowerCase().email("Enter an e-mail address.").max(320) }),
  async run({ email }) {
    await throttleForm("password-reset", email);
    await requestPasswordReset(email);
    return { ok: true, message: SENT };
  },
});

/** Sets a new password with a reset link's token. */
export const resetPasswordAction = publicAction({
  input: z.object({ token: z.string().min(1).max(100), newPassword: NewPassword }),
  async run({ token, newPassword }) {
    await throttleForm("link-form");
    await resetPassword(token, newPassword);
    return { ok: true, message: "Password set. Sign in with it." };
  },
});
