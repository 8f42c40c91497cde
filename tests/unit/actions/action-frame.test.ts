import { log } from "@/lib/log";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createActionFrame, NoInput, type ActionFrameDeps } from "@/lib/actions/action-frame";
import type { ProjectAccess } from "@/lib/auth/access";
import { whyNot, type Permission, type Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Destination } from "@/lib/generated/prisma/client";

// The frame with plain fake dependencies: who is signed in, their role in the project, which
// destinations are live in it, and what was revalidated.

const USER = { id: "cuser000000000000000000001" };
const scope = { org: "acme", project: "web" };
const destinationScope = { ...scope, destinationId: "cdest00000000000000000001" };

const accessAs = (role: Role): ProjectAccess => ({
  user: { id: USER.id, email: "someone@acme.test", name: "Someone" },
  role,
  organization: { id: "corg0000000000000000000001", slug: "acme", name: "Acme" },
  project: { id: "cproject0000000000000001", slug: "web", name: "Web", apiKey: "key" },
});

const destination = {
  id: destinationScope.destinationId,
  projectId: "cproject0000000000000001",
  name: "main.analytics.events",
} as unknown as Destination;

function setUp({
  user = USER as { id: string } | null,
  role = "ADMIN" as Role | null,
  liveDestinations = [destination],
} = {}) {
  const revalidated: string[] = [];
  const calls = { findProjectAccess: [] as unknown[][], findLiveDestination: [] as unknown[][] };
  const deps: ActionFrameDeps = {
    currentUser: async () => user,
    findProjectAccess: async (...args) => {
      calls.findProjectAccess.push(args);
      return role && args[1] === scope.org && args[2] === scope.project ? accessAs(role) : null;
    },
    findOrganizationAccess: async (...args) => {
      const [, org] = args;
      if (!role || org !== scope.org) return null;
      const { project: _project, ...access } = accessAs(role);
      return access;
    },
    findLiveDestination: async (...args) => {
      calls.findLiveDestination.push(args);
      const [projectId, id] = args;
      return liveDestinations.find((d) => d.projectId === projectId && d.id === id) ?? null;
    },
    revalidate: (path) => void revalidated.push(path),
  };
  return { ...createActionFrame(deps), revalidated, calls };
}

const renameInput = z.object({ name: z.string().trim().min(1, "Name it"), tags: z.array(z.string().min(1)) });

/**
 * A declaration whose body is a spy and that names a path to revalidate, for the refusals:
 * `run` must stay uncalled and nothing may be revalidated.
 */
const refused = (permission: Permission, input: z.ZodType = NoInput) => ({
  permission,
  input,
  revalidate: () => "/refused",
  run: vi.fn(async () => ({ ok: true as const })),
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the action frame", () => {
  it("runs an allowed action with its parsed input and context, and revalidates the declared path", async () => {
    const { projectAction, revalidated } = setUp({ role: "MANAGER" });
    const run = vi.fn(async (input: z.infer<typeof renameInput>) => ({
      ok: true as const,
      data: input.name,
    }));
    const action = projectAction({
      permission: "project.settings",
      input: renameInput,
      revalidate: (access) => `/orgs/${access.organization.slug}/projects/${access.project.slug}/settings`,
      run,
    });
    expect(await action(scope, { name: "  Renamed ", tags: [] })).toEqual({ ok: true, data: "Renamed" });
    expect(run).toHaveBeenCalledWith(
      { name: "Renamed", tags: [] },
      {
        access: accessAs("MANAGER"),
        actor: {
          userId: USER.id,
          organizationId: "corg0000000000000000000001",
          projectId: "cproject0000000000000001",
        },
      },
    );
    expect(revalidated).toEqual(["/orgs/acme/projects/web/settings"]);
  });

  it("does not revalidate after a failed result, nor when no path is declared", async () => {
    const { projectAction, revalidated } = setUp();
    const failing = projectAction({
      permission: "project.settings",
      input: NoInput,
      revalidate: () => "/somewhere",
      run: async () => ({ ok: false, message: "Not now." }),
    });
    expect(await failing(scope)).toEqual({ ok: false, message: "Not now." });
    const silent = projectAction({
      permission: "project.settings",
      input: NoInput,
      run: async () => ({ ok: true }),
    });
    expect(await silent(scope)).toEqual({ ok: true });
    expect(revalidated).toEqual([]);
  });

  it("tells a signed-out caller to sign in again, and does not run the action", async () => {
    const { projectAction, calls, revalidated } = setUp({ user: null });
    const declaration = refused("destinations.read");
    const action = projectAction(declaration);
    expect(await action(scope)).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    expect(declaration.run).not.toHaveBeenCalled();
    expect(calls.findProjectAccess).toEqual([]);
    expect(revalidated).toEqual([]);
  });

  it("refuses a role without the permission with whyNot, and does not run the action", async () => {
    for (const [role, permission] of [
      ["VIEWER", "destinations.create"],
      ["MEMBER", "runs.trigger"],
      ["MANAGER", "destinations.delete"],
      ["MANAGER", "credentials.write"],
    ] as const) {
      const { projectAction, revalidated } = setUp({ role });
      const declaration = refused(permission);
      expect(await projectAction(declaration)(scope), `${role} ${permission}`).toEqual({
        ok: false,
        message: whyNot(permission),
      });
      expect(declaration.run).not.toHaveBeenCalled();
      expect(revalidated).toEqual([]);
    }
  });

  it("treats a project the caller cannot see, or a malformed scope, as not found", async () => {
    const declaration = refused("destinations.read");
    const notMember = setUp({ role: null }).projectAction(declaration);
    expect(await notMember(scope)).toEqual({ ok: false, message: "This project does not exist." });
    const { projectAction, calls } = setUp();
    const action = projectAction(declaration);
    expect(await action({ org: "other", project: "web" })).toEqual({
      ok: false,
      message: "This project does not exist.",
    });
    for (const bad of [
      { org: "", project: "web" },
      { org: "acme", project: "x".repeat(201) },
      { org: "acme" },
    ])
      expect(await action(bad as never), JSON.stringify(bad)).toEqual({
        ok: false,
        message: "This project does not exist.",
      });
    expect(calls.findProjectAccess).toHaveLength(1); // malformed scopes never reach the database
    expect(declaration.run).not.toHaveBeenCalled();
  });

  it("returns field errors keyed by path for invalid input, without running the action", async () => {
    const { projectAction, revalidated } = setUp();
    const declaration = refused("project.settings", renameInput);
    expect(await projectAction(declaration)(scope, { name: "  ", tags: ["ok", ""] })).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { name: "Name it", "tags.1": expect.any(String) },
    });
    expect(declaration.run).not.toHaveBeenCalled();
    expect(revalidated).toEqual([]);
  });

  it("builds the input schema lazily when it is declared as a function", async () => {
    const { projectAction } = setUp();
    const input = vi.fn(() => z.object({ n: z.coerce.number().int("Whole numbers only") }));
    const action = projectAction({
      permission: "project.settings",
      input,
      run: async ({ n }) => ({ ok: true, data: n * 2 }),
    });
    expect(input).not.toHaveBeenCalled();
    expect(await action(scope, { n: "21" })).toEqual({ ok: true, data: 42 });
    expect(await action(scope, { n: "1.5" })).toMatchObject({
      ok: false,
      fieldErrors: { n: "Whole numbers only" },
    });
  });

  it("shows an AppError's message, beside its field when it names one", async () => {
    const { projectAction, revalidated } = setUp();
    const throwing = (error: AppError) =>
      projectAction({
        permission: "project.settings",
        input: NoInput,
        revalidate: () => "/x",
        run: async () => {
          throw error;
        },
      });
    expect(await throwing(new AppError("CONFLICT", "That name is taken."))(scope)).toEqual({
      ok: false,
      message: "That name is taken.",
    });
    expect(await throwing(new AppError("INVALID_INPUT", "Pick another table.", "table"))(scope)).toEqual({
      ok: false,
      message: "Pick another table.",
      fieldErrors: { table: "Pick another table." },
    });
    expect(revalidated).toEqual([]);
  });

  it("hides an unexpected error behind a reference that the log carries", async () => {
    const logged = vi.spyOn(log(), "error").mockImplementation(() => {});
    const { projectAction } = setUp();
    const action = projectAction({
      permission: "project.settings",
      input: NoInput,
      run: async () => {
        throw new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2");
      },
    });
    const result = await action(scope);
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    const reference = /^Something went wrong \(reference ([0-9a-f]{8})\)\. Please try again\.$/.exec(
      message,
    )?.[1];
    expect(reference, message).toBeDefined();
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.7/);
    expect(result).not.toHaveProperty("fieldErrors");
    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.stringify(logged.mock.calls[0]);
    expect(line).toContain(reference!);
    expect(line).toContain("ECONNREFUSED"); // the details are in the log, for whoever has the reference
  });

  it("gives each unexpected error its own reference", async () => {
    vi.spyOn(log(), "error").mockImplementation(() => {});
    const { projectAction } = setUp();
    const action = projectAction({
      permission: "project.settings",
      input: NoInput,
      run: async () => {
        throw "not even an Error";
      },
    });
    const [first, second] = [await action(scope), await action(scope)].map(
      (result) => (result as { message: string }).message,
    );
    expect(first).not.toBe(second);
  });
});

describe("destination actions", () => {
  it("hands the action the live destination of the caller's project", async () => {
    const { destinationAction, calls, revalidated } = setUp();
    const run = vi.fn(async (_input: unknown, context: { destination: Destination }) => ({
      ok: true as const,
      data: context.destination.id,
    }));
    const action = destinationAction({
      permission: "destinations.write",
      input: NoInput,
      revalidate: (access) => `/orgs/${access.organization.slug}/projects/${access.project.slug}/catalog`,
      run,
    });
    expect(await action(destinationScope)).toEqual({ ok: true, data: destinationScope.destinationId });
    expect(calls.findLiveDestination).toEqual([["cproject0000000000000001", destinationScope.destinationId]]);
    expect(run.mock.calls[0]![1]).toMatchObject({ destination, access: accessAs("ADMIN") });
    expect(revalidated).toEqual(["/orgs/acme/projects/web/catalog"]);
  });

  it("says a foreign or deleted destination does not exist, and does not run the action", async () => {
    const foreign = { ...destination, projectId: "cotherproject00000000001" } as Destination;
    for (const liveDestinations of [[], [foreign]]) {
      const { destinationAction, revalidated } = setUp({ liveDestinations });
      const declaration = refused("destinations.write");
      expect(await destinationAction(declaration)(destinationScope)).toEqual({
        ok: false,
        message: "This destination does not exist.",
      });
      expect(declaration.run).not.toHaveBeenCalled();
      expect(revalidated).toEqual([]);
    }
  });

  it("says a malformed destination id does not exist, without looking it up", async () => {
    const { destinationAction, calls } = setUp();
    const declaration = refused("destinations.write");
    const action = destinationAction(declaration);
    for (const destinationId of ["cdest'; DROP TABLE x; --", "CDEST0001", "", "a".repeat(65), "../cdest1"]) {
      expect(await action({ ...scope, destinationId }), destinationId).toEqual({
        ok: false,
        message: "This destination does not exist.",
      });
    }
    expect(calls.findProjectAccess).toEqual([]);
    expect(calls.findLiveDestination).toEqual([]);
    expect(declaration.run).not.toHaveBeenCalled();
  });

  it("checks the role before looking up the destination", async () => {
    const { destinationAction, calls } = setUp({ role: "VIEWER" });
    const declaration = refused("destinations.delete");
    expect(await destinationAction(declaration)(destinationScope)).toEqual({
      ok: false,
      message: whyNot("destinations.delete"),
    });
    expect(calls.findLiveDestination).toEqual([]);
    expect(declaration.run).not.toHaveBeenCalled();
  });

  it("validates the input only once the destination is found", async () => {
    const { destinationAction } = setUp({ liveDestinations: [] });
    const declaration = refused("destinations.write", renameInput);
    expect(await destinationAction(declaration)(destinationScope, { name: "" })).toEqual({
      ok: false,
      message: "This destination does not exist.",
    });
    expect(declaration.run).not.toHaveBeenCalled();
  });
});

describe("organization actions", () => {
  it("runs with the caller's organization and role, and refuses a role without the permission", async () => {
    const run = vi.fn(async (_input: unknown, context: { actor: { organizationId: string } }) => ({
      ok: true as const,
      data: context.actor.organizationId,
    }));
    const declaration = { permission: "members.invite" as const, input: NoInput, run };
    expect(await setUp({ role: "ADMIN" }).organizationAction(declaration)({ org: "acme" })).toEqual({
      ok: true,
      data: "corg0000000000000000000001",
    });
    expect(await setUp({ role: "MANAGER" }).organizationAction(declaration)({ org: "acme" })).toEqual({
      ok: false,
      message: whyNot("members.invite"),
    });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("says an organization the caller is not in, or a malformed scope, does not exist", async () => {
    const { organizationAction } = setUp({ role: "ADMIN" });
    const action = organizationAction(refused("members.read"));
    const notFound = { ok: false, message: "This organization does not exist." };
    expect(await action({ org: "globex" })).toEqual(notFound);
    expect(await action({ org: "" })).toEqual(notFound);
    expect(await action({} as { org: string })).toEqual(notFound);
  });
});

describe("account actions", () => {
  it("run for any signed-in user with their id, and ask a signed-out caller to sign in", async () => {
    const run = vi.fn(async (_input: unknown, context: { user: { id: string } }) => ({
      ok: true as const,
      data: context.user.id,
    }));
    const declaration = { input: NoInput, run };
    expect(await setUp({ role: null }).accountAction(declaration)()).toEqual({ ok: true, data: USER.id });
    expect(await setUp({ user: null }).accountAction(declaration)()).toEqual({
      ok: false,
      message: "Your session has ended. Sign in again.",
    });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
