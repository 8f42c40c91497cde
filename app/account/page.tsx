import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { ActionForm } from "@/components/ui/action-form";
import { CardSection } from "@/components/ui/card";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <main className="mx-auto max-w-xl space-y-6 px-4 py-10">
      <Link href="/" className="text-sm font-medium text-brand-700 hover:underline">
        ← Back to Deltaport
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
      <p className="text-sm text-slate-600">
        Signed in as {user.name ? `${user.name} (${user.email})` : user.email}.
      </p>
      <CardSection id="password-heading" title="Change password" level={2} titleClassName="text-lg">
        <ActionForm
          fields={[
            {
              name: "currentPassword",
              label: "Current password",
              type: "password",
              autoComplete: "current-password",
            },
            {
              name: "newPassword",
              label: "New password",
              type: "password",
              autoComplete: "new-password",
              hint: "At least 10 characters. Your other sessions are signed out.",
            },
          ]}
          submitLabel="Change password"
          pendingLabel="Changing…"
          action={async (values) => {
            "use server";
            return changePasswordAction(values);
          }}
        />
      </CardSection>
    </main>
  );
}
