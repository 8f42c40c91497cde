import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { SignInForm } from "@/components/sign-in-form";
import { Card } from "@/components/ui/card";
import { safeCallback } from "@/lib/auth/safe-callback";
import { mailConfigured } from "@/lib/mail/send-mail";
import { needsSetup } from "@/lib/setup/first-run";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

// Only same-site paths are followed after sign-in, never another origin.
export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  if (await currentUser()) redirect(safeCallback(callbackUrl));
  if (await needsSetup()) redirect("/setup");
  const { OIDC_ISSUER, OIDC_DISPLAY_NAME } = env();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <span className="text-2xl font-semibold tracking-tight">
            Delta<span className="text-brand-600">port</span>
          </span>
          <p className="mt-1 text-sm text-slate-600">Analytics events, delivered to Databricks.</p>
        </div>
        <Card padding="xl">
          <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
          <SignInForm
            callbackUrl={safeCallback(callbackUrl)}
            ssoName={OIDC_ISSUER ? OIDC_DISPLAY_NAME : undefined}
            initialError={error ? "Sign-in failed. Check your details and try again." : undefined}
          />
          {mailConfigured() && (
            <p className="mt-4 text-center text-sm">
              <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
                Forgot your password?
              </Link>
            </p>
          )}
        </Card>
      </div>
    </main>
  );
}
