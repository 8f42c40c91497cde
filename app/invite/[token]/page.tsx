import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { invitationByToken, invitationStateMessage } from "@/lib/members/invitations";
import { JoinOrganizationButton } from "@/components/account/join-organization-button";
import { roleName } from "@/components/members/role-options";
import { SignOutButton } from "@/components/sign-out-button";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { MessagePage } from "@/components/ui/message-page";
import { acceptInvitationAction, acceptWithNewAccountAction } from "./actions";

export const metadata: Metadata = { title: "Invitation" };

type Props = { params: Promise<{ token: string }> };

// The link of an invitation: for someone new, a form that creates their account; for someone
// with an account, sign in first; signed in as the invited e-mail, one button. A link made out
// to one e-mail is of no use to any other account.
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const invitation = await invitationByToken(token);
  if (invitation.state !== "pending")
    return (
      <MessagePage title="Invitation unavailable">
        {<p className="mt-2 text-slate-600">{invitationStateMessage(invitation.state)}</p>}
      </MessagePage>
    );

  const what = (
    <p className="mt-2 text-slate-600">
      You are invited to join <strong>{invitation.organization.name}</strong> as{" "}
      {roleName(invitation.role).toLowerCase()}, with the e-mail {invitation.email}.
    </p>
  );
  const user = await currentUser();
  if (user) {
    if (user.email.toLowerCase() !== invitation.email)
      return (
        <MessagePage title="This invitation is for someone else">
          <p className="mt-2 text-slate-600">
            It is made out to {invitation.email}, and you are signed in as {user.email}. Sign out, then open
            the link again.
          </p>
          <div className="mt-6 flex justify-center">
            <SignOutButton />
          </div>
        </MessagePage>
      );
    return (
      <MessagePage title={`Join ${invitation.organization.name}`}>
        {what}
        <div className="mt-6 flex justify-center">
          <JoinOrganizationButton
            accept={async () => {
              "use server";
              return acceptInvitationAction({ token });
            }}
          />
        </div>
      </MessagePage>
    );
  }

  const hasAccount = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  if (hasAccount)
    return (
      <MessagePage title={`Join ${invitation.organization.name}`}>
        {what}
        <p className="mt-4">
          <Link
            className="font-medium text-brand-700 hover:underline"
            href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
          >
            Sign in to accept
          </Link>
        </p>
      </MessagePage>
    );
  return (
    <MessagePage title={`Join ${invitation.organization.name}`}>
      {what}
      <Card padding="xl" className="mt-6">
        <ActionForm
          fields={[
            { name: "name", label: "Name", autoComplete: "name" },
            {
              name: "password",
              label: "Password",
              type: "password",
              autoComplete: "new-password",
              hint: "At least 10 characters.",
            },
          ]}
          submitLabel="Accept invitation"
          pendingLabel="Accepting…"
          action={async (values) => {
            "use server";
            return acceptWithNewAccountAction({ token, ...values });
          }}
          after={{ signInWith: "password" }}
        />
      </Card>
    </MessagePage>
  );
}
