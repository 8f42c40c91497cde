"use server";

import { z } from "zod";
import { NoInput } from "@/lib/actions/action-frame";
import { organizationAction } from "@/lib/actions/project-action";
import { ROLES } from "@/lib/auth/permissions";
import { throttleForm } from "@/lib/auth/request-throttle";
import { inviteMember, revokeInvitation } from "@/lib/members/invitations";
import { changeMemberRole, removeMember } from "@/lib/members/memberships";
import { membersPath } from "@/lib/paths";

const revalidate = (access: { organization: { slug: string } }) => membersPath(access.organization.slug);
const UserId = z.object({ userId: z.string().min(1).max(64) });

/** Invites someone to the organization (ADMIN): returns the link to pass on. */
export const inviteMemberAction = organizationAction({
  permission: "members.invite",
  input: z.object({
    email: z.string().trim().toLowerCase().email("Enter an e-mail address.").max(320),
    role: z.enum(ROLES, "Choose a role."),
  }),
  revalidate,
  async run(input, { actor }) {
    // Each invitation may mail our sender's message, with the organization's name, to anyone.
    await throttleForm("invitation", actor.organizationId);
    const { link, emailed } = await inviteMember(actor, input);
    return {
      ok: true,
      data: { link },
      message: emailed
        ? `Invitation e-mailed to ${input.email}. You can also pass the link on yourself.`
        : "Invitation created. Pass the link on: it works once, for 7 days.",
    };
  },
});

/** Revokes a pending invitation (ADMIN). */
export const revokeInvitationAction = organizationAction({
  permission: "members.invite",
  input: z.object({ invitationId: z.string().min(1).max(64) }),
  revalidate,
  async run({ invitationId }, { actor }) {
    await revokeInvitation(actor, invitationId);
    return { ok: true, message: "Invitation revoked." };
  },
});

/** Gives a member another role (ADMIN). */
export const changeMemberRoleAction = organizationAction({
  permission: "members.manage",
  input: UserId.extend({ role: z.enum(ROLES, "Choose a role.") }),
  revalidate,
  async run({ userId, role }, { actor }) {
    await changeMemberRole(actor, userId, role);
    return { ok: true, message: "Role changed." };
  },
});

/** Removes a member (ADMIN). */
export const removeMemberAction = organizationAction({
  permission: "members.manage",
  input: UserId,
  revalidate,
  async run({ userId }, { actor }) {
    await removeMember(actor, userId);
    return { ok: true, message: "Member removed." };
  },
});

/** The caller leaves the organization (any member; not its last admin). */
export const leaveOrganizationAction = organizationAction({
  permission: "members.read",
  input: NoInput,
  async run(_input, { actor }) {
    await removeMember(actor, actor.userId);
    return { ok: true, message: "You left the organization." };
  },
});
