import { ROLES, type Role } from "@/lib/auth/permissions";

const NAMES: Record<Role, string> = {
  ADMIN: "Admin",
  MANAGER: "Manager",
  MEMBER: "Member",
  VIEWER: "Viewer",
};

/** The roles as a select offers them. */
export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: NAMES[role] }));
export const roleName = (role: Role) => NAMES[role];
