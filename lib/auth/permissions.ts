// The one permission matrix. The server enforces it (authorize); the UI only uses it to
// disable controls and to say why. Roles are per organization.
import { AppError } from "@/lib/errors";

export const ROLES = ["ADMIN", "MANAGER", "MEMBER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "destinations.read": ["ADMIN", "MANAGER", "MEMBER", "VIEWER"],
  "destinations.create": ["ADMIN", "MANAGER"],
  // Filter, frequency, pause and resume of an existing destination.
  "destinations.write": ["ADMIN", "MANAGER"],
  "runs.trigger": ["ADMIN", "MANAGER"],
  "project.settings": ["ADMIN", "MANAGER"],
  "apiKeys.read": ["ADMIN", "MANAGER"],
  "auditLog.read": ["ADMIN", "MANAGER"],
  "destinations.delete": ["ADMIN"],
  // Workspace, credential and target fields of an existing destination.
  "credentials.write": ["ADMIN"],
  "apiKeys.regenerate": ["ADMIN"],
  // The organization's people: who is in it (everyone), who may join (invitations), and their
  // roles and removal.
  "members.read": ["ADMIN", "MANAGER", "MEMBER", "VIEWER"],
  "members.invite": ["ADMIN"],
  "members.manage": ["ADMIN"],
  // Projects: creating and deleting one is an admin's; renaming is a project setting.
  "projects.create": ["ADMIN"],
  "projects.rename": ["ADMIN", "MANAGER"],
  "projects.delete": ["ADMIN"],
  // The project's data configuration: its event catalog, transformations and custom events.
  "catalog.read": ["ADMIN", "MANAGER", "MEMBER", "VIEWER"],
  "catalog.write": ["ADMIN", "MANAGER"],
  // Where the organization's alerts are POSTed (URLs and their signing secrets).
  "webhooks.manage": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether `role` grants `permission`; no role (not a member) grants nothing. */
export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** For server actions and routes: throws unless `role`, read from the database, grants `permission`. */
export function authorize(role: Role | null | undefined, permission: Permission): asserts role is Role {
  if (!can(role, permission))
    throw new AppError("FORBIDDEN", "Your role in this organization does not allow this.");
}

const ROLE_PLURALS: Record<Role, string> = {
  ADMIN: "admins",
  MANAGER: "managers",
  MEMBER: "members",
  VIEWER: "viewers",
};

/** The sentence the UI shows beside a control the caller's role may not use. */
export function whyNot(permission: Permission): string {
  const names = (PERMISSIONS[permission] as readonly Role[]).map((role) => ROLE_PLURALS[role]);
  const who = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  return `Only ${who} of this organization can do this.`;
}
