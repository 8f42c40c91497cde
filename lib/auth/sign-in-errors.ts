// What a password sign-in can fail with, as next-auth passes it to the form (the `error` of
// signIn's result), and what the form says. No message tells whether the e-mail exists.

export const SIGN_IN_ERROR = {
  /** Too many failed attempts for this account or this address: the window has to pass. */
  throttled: "SignInThrottled",
  /** Too many sign-ins in progress on this instance. */
  busy: "SignInBusy",
} as const;

export function signInErrorMessage(error: string | null | undefined): string {
  if (error === SIGN_IN_ERROR.throttled) return "Too many failed sign-in attempts. Try again in 15 minutes.";
  if (error === SIGN_IN_ERROR.busy) return "Sign-in is busy. Try again in a moment.";
  return "Incorrect email or password.";
}
