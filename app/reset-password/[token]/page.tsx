import type { Metadata } from "next";
import Link from "next/link";
import { resetLinkUsable } from "@/lib/auth/password-change";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { MessagePage } from "@/components/ui/message-page";
import { resetPasswordAction } from "../../account/actions";

export const metadata: Metadata = { title: "Set a new password" };

type Props = { params: Promise<{ token: string }> };

export default async function ResetPasswordPage({ params }: Props) {
  const { token } = await params;
  if (!(await resetLinkUsable(token)))
    return (
      <MessagePage title="This link cannot be used">
        <p className="mt-2 text-slate-600">It has expired or was already used.</p>
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Ask for a new link
          </Link>
        </p>
      </MessagePage>
    );
  return (
    <MessagePage title="Set a new password">
      <Card padding="xl" className="mt-6">
        <ActionForm
          fields={[
            {
              name: "newPassword",
              label: "New password",
              type: "password",
              autoComplete: "new-password",
              hint: "At least 10 characters.",
            },
          ]}
          submitLabel="Set password"
          action={async (values) => {
            "use server";
            return resetPasswordAction({ token, ...values });
          }}
          after={{ goTo: "/signin" }}
        />
      </Card>
    </MessagePage>
  );
}
