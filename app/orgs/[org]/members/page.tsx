import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findOrganizationAccess } from "@/lib/auth/access";
import { can, whyNot } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { formatTime } from "@/lib/format";
import { pendingInvitations } from "@/lib/members/invitations";
import { listMembers } from "@/lib/members/memberships";
import { listWorkspaces } from "@/lib/workspaces";
import { AppHeader } from "@/components/app-header";
import { InviteForm } from "@/components/members/invite-form";
import { MemberRoleSelect } from "@/components/members/member-role-select";
import { roleName } from "@/components/members/role-options";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DataTable } from "@/components/ui/data-table";
import {
  changeMemberRoleAction,
  inviteMemberAction,
  leaveOrganizationAction,
  removeMemberAction,
  revokeInvitationAction,
} from "./actions";

export const metadata: Metadata = { title: "Members" };

type Props = { params: Promise<{ org: string }> };

export default async function MembersPage({ params }: Props) {
  const { org } = await params;
  const user = await requireUser();
  const access = await findOrganizationAccess(user.id, org);
  if (!access) notFound();
  const scope = { org: access.organization.slug };
  const [workspaces, members, invitations] = await Promise.all([
    listWorkspaces(user.id),
    listMembers(access.organization.id),
    can(access.role, "members.invite") ? pendingInvitations(access.organization.id) : Promise.resolve([]),
  ]);
  const manageReason = can(access.role, "members.manage") ? undefined : whyNot("members.manage");
  const inviteReason = can(access.role, "members.invite") ? undefined : whyNot("members.invite");
  return (
    <>
      <AppHeader
        workspaces={workspaces}
        user={access.user}
        current={{ orgSlug: access.organization.slug, orgName: access.organization.name, role: access.role }}
      />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-semibold tracking-tight">Members of {access.organization.name}</h1>

        <CardSection
          id="members-heading"
          title="Members"
          level={2}
          titleClassName="text-lg"
          className="space-y-3"
        >
          <DataTable
            variant="plain"
            rows={members}
            rowKey={(member) => member.user.id}
            empty="No members."
            columns={[
              { header: "Name", cell: (member) => member.user.name ?? "—" },
              { header: "Email", cell: (member) => member.user.email },
              {
                header: "Role",
                cell: (member) =>
                  manageReason || member.user.id === user.id ? (
                    roleName(member.role)
                  ) : (
                    <MemberRoleSelect
                      email={member.user.email}
                      role={member.role}
                      disabled={false}
                      change={async (role) => {
                        "use server";
                        return changeMemberRoleAction(scope, { userId: member.user.id, role });
                      }}
                    />
                  ),
              },
              {
                header: "",
                cell: (member) =>
                  member.user.id === user.id ? (
                    <ConfirmButton
                      label="Leave organization"
                      variant="danger"
                      confirm={`You lose access to ${access.organization.name} and its projects until someone invites you again.`}
                      action={leaveOrganizationAction.bind(null, scope, undefined)}
                    />
                  ) : (
                    <ConfirmButton
                      label={`Remove ${member.user.email}`}
                      variant="danger"
                      confirm={`${member.user.email} loses access at once and is signed out. Destinations they created keep running.`}
                      action={removeMemberAction.bind(null, scope, { userId: member.user.id })}
                      disabledReason={manageReason}
                    />
                  ),
              },
            ]}
          />
          {manageReason && <p className="text-xs text-slate-500">{manageReason}</p>}
        </CardSection>

        <CardSection id="invite-heading" title="Invite member" level={2} titleClassName="text-lg">
          <p className="mb-3 text-sm text-slate-600">
            The invitation works once, for 7 days, for the e-mail address it names.
          </p>
          <InviteForm
            invite={async (input) => {
              "use server";
              return inviteMemberAction(scope, input);
            }}
            disabledReason={inviteReason}
          />
        </CardSection>

        {!inviteReason && (
          <CardSection
            id="invitations-heading"
            title="Pending invitations"
            level={2}
            titleClassName="text-lg"
          >
            <DataTable
              variant="plain"
              rows={invitations}
              rowKey={(invitation) => invitation.id}
              empty="No pending invitations."
              columns={[
                { header: "Email", cell: (invitation) => invitation.email },
                { header: "Role", cell: (invitation) => roleName(invitation.role) },
                { header: "Invited by", cell: (invitation) => invitation.invitedBy?.email ?? "—" },
                { header: "Expires", cell: (invitation) => formatTime(invitation.expiresAt) },
                {
                  header: "",
                  cell: (invitation) => (
                    <ConfirmButton
                      label={`Revoke invitation for ${invitation.email}`}
                      confirm="The link stops working at once."
                      action={revokeInvitationAction.bind(null, scope, { invitationId: invitation.id })}
                    />
                  ),
                },
              ]}
            />
          </CardSection>
        )}
      </main>
    </>
  );
}
