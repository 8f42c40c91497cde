import { describe, expect, it } from "vitest";
import {
  authorize,
  can,
  PERMISSIONS,
  ROLES,
  whyNot,
  type Permission,
  type Role,
} from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

// The matrix as the product describes it, written out independently of lib/auth/permissions.ts.
const EXPECTED: Record<Permission, Role[]> = {
  "destinations.read": ["ADMIN", "MANAGER", "MEMBER", "VIEWER"],
  "destinations.create": ["ADMIN", "MANAGER"],
  "destinations.write": ["ADMIN", "MANAGER"],
  "runs.trigger": ["ADMIN", "MANAGER"],
  "project.settings": ["ADMIN", "MANAGER"],
  "apiKeys.read": ["ADMIN", "MANAGER"],
  "auditLog.read": ["ADMIN", "MANAGER"],
  "destinations.delete": ["ADMIN"],
  "credentials.write": ["ADMIN"],
  "apiKeys.regenerate": ["ADMIN"],
  "members.read": ["ADMIN", "MANAGER", "MEMBER", "VIEWER"],
  "members.invite": ["ADMIN"],
  "members.manage": ["ADMIN"],
  "projects.create": ["ADMIN"],
  "projects.rename": ["ADMIN", "MANAGER"],
  "projects.delete": ["ADMIN"],
  "catalog.read": ["ADMIN", "MANAGER", "MEMBER", "VIEWER"],
  "catalog.write": ["ADMIN", "MANAGER"],
  "webhooks.manage": ["ADMIN"],
};

describe("permission matrix", () => {
  it("defines exactly the expected permissions", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[permission].includes(role);
      it(`${allowed ? "grants" : "denies"} ${permission} to ${role}`, () => {
        expect(can(role, permission)).toBe(allowed);
        if (allowed) expect(() => authorize(role, permission)).not.toThrow();
        else expect(() => authorize(role, permission)).toThrow(AppError);
      });
    }
  }

  it("grants nothing without a membership", () => {
    for (const permission of Object.keys(EXPECTED) as Permission[]) {
      expect(can(null, permission)).toBe(false);
      expect(() => authorize(undefined, permission)).toThrow(/does not allow/);
    }
  });

  it("has no deployment-wide operation that an organization role could hold", () => {
    expect(Object.keys(PERMISSIONS).some((permission) => /key(s)?\.rotate|signing/i.test(permission))).toBe(
      false,
    );
  });

  it("says who may do what a role cannot", () => {
    expect(whyNot("destinations.create")).toBe("Only admins and managers of this organization can do this.");
    expect(whyNot("destinations.delete")).toBe("Only admins of this organization can do this.");
  });
});
