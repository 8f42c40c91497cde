import type { Metadata } from "next";
import Link from "next/link";
import { mailConfigured } from "@/lib/mail/send-mail";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { MessagePage } from "@/components/ui/message-page";
import { requestPasswordResetAction } from "../account/actions";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  if (!mailConfigured())
    return (
      <MessagePage title="Password reset is not available">
        <p className="mt-2 text-slate-600">
          This deployment sends no e-mail (SMTP is not configured). Ask an admin of your organization to
          invite you again, or the operator to set SMTP_URL.
        </p>
      </MessagePage>
    );
  return (
    <MessagePage title="Reset your password">
      <p className="mt-2 text-slate-600">
        We e-mail you a link that sets a new password. It works once, for 1 hour.
      </p>
      <Card padding="xl" className="mt-6">
        <ActionForm
          fields={[{ name: "email", label: "Email", type: "email", autoComplete: "username" }]}
          submitLabel="Send reset link"
          pendingLabel="Sending…"
          action={async (values) => {
            "use server";
            return requestPasswordResetAction(values);
          }}
        />
      </Card>
      <p className="mt-4 text-sm">
        <Link href="/signin" className="font-medium text-brand-700 hover:underline">
          Back to sign in
        </Link>
      </p>
    </MessagePage>
  );
}
