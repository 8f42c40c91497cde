import { z } from "zod";
import type { OrganizationAccess, ProjectAccess } from "@/lib/auth/access";
import type { Actor } from "@/lib/auth/actor";
import { can, whyNot, type Permission, type Role } from "@/lib/auth/permissions";
import { AppError, genericMessage, logUnexpectedError } from "@/lib/errors";
import type { Destination } from "@/lib/generated/prisma/client";
import { fieldErrorsOf, invalidInput, type ActionResult } from "@/lib/actions/action-result";

// The frame of every server action. An action is declared with its permission and a zod
// schema for its input; the frame
//   1. validates the scope (organization, project and, for destination actions, the
//      destination id; none for the caller's own account) like any other input,
//   2. reads the caller and their role from the database and enforces the permission,
//   3. for destination actions, loads the live destination of the caller's project (a
//      foreign or deleted one is "not found"), so no action looks one up itself,
//   4. parses the input (invalid → field errors), runs the action, revalidates what it names,
//   5. turns an AppError into its message (beside its field, if it names one) and anything
//      else into a generic message with a logged reference.

export const ProjectScope = z.object({
  org: z.string().min(1).max(200),
  project: z.string().min(1).max(200),
});
export type ProjectScope = z.infer<typeof ProjectScope>;
export const DestinationScope = ProjectScope.extend({
  destinationId: z.string().regex(/^[a-z0-9]{1,64}$/),
});
export type DestinationScope = z.infer<typeof DestinationScope>;

export const OrganizationScope = z.object({ org: z.string().min(1).max(200) });
export type OrganizationScope = z.infer<typeof OrganizationScope>;

export type ProjectContext = { access: ProjectAccess; actor: Actor };
export type DestinationContext = ProjectContext & { destination: Destination };
export type OrganizationContext = {
  access: OrganizationAccess;
  actor: { userId: string; organizationId: string };
};
/** An action on the caller's own account (password, a new organization): signed in is enough. */
export type AccountContext = { user: { id: string } };

/** What the frame reads from outside; tests pass their own. */
export type ActionFrameDeps = {
  currentUser: () => Promise<{ id: string } | null>;
  findProjectAccess: (userId: string, org: string, project: string) => Promise<ProjectAccess | null>;
  findOrganizationAccess: (userId: string, org: string) => Promise<OrganizationAccess | null>;
  findLiveDestination: (projectId: string, destinationId: string) => Promise<Destination | null>;
  revalidate: (path: string) => void;
};

type Body<S extends z.ZodType, Context, T> = {
  /** The action's input; a function when the schema depends on configuration. */
  input: S | (() => S);
  run: (input: z.infer<S>, context: Context) => Promise<ActionResult<T>>;
};
type Declaration<S extends z.ZodType, Context, T, Access = ProjectAccess> = Body<S, Context, T> & {
  permission: Permission;
  /** The path (with its layout) whose cached pages the action changes. */
  revalidate?: (access: Access) => string;
};
/** A project action's declaration, kept apart from its binding to the frame (`projectAction`). */
export type ProjectActionDeclaration<S extends z.ZodType, T = undefined> = Declaration<S, ProjectContext, T>;
/** Declares a project action (checks its shape and infers its types) without binding it. */
export const declareProjectAction = <S extends z.ZodType, T = undefined>(
  declaration: ProjectActionDeclaration<S, T>,
) => declaration;

type AccountDeclaration<S extends z.ZodType, T> = Body<S, AccountContext, T> & {
  revalidate?: () => string;
};

const NOT_FOUND = "This project does not exist.";
const ORGANIZATION_NOT_FOUND = "This organization does not exist.";
const DESTINATION_NOT_FOUND = "This destination does not exist.";
const SIGNED_OUT = "Your session has ended. Sign in again.";
type Caller = { id: string };

export function createActionFrame(deps: ActionFrameDeps) {
  /**
   * Steps 2 to 5 for any scope: `resolve` turns the caller into the action's context (or a
   * refusal), `permission` is checked on the role it found.
   */
  async function frame<S extends z.ZodType, Context, T, Access>(
    rawInput: unknown,
    body: Body<S, Context, T>,
    resolve: (user: Caller) => Promise<{ context: Context; access: Access; role: Role | null } | string>,
    permission: Permission | null,
    revalidate: ((access: Access) => string) | undefined,
    signedOutToo = false,
  ): Promise<ActionResult<T>> {
    try {
      const user = signedOutToo ? { id: "" } : await deps.currentUser();
      if (!user) return { ok: false, message: SIGNED_OUT };
      const resolved = await resolve(user);
      if (typeof resolved === "string") return { ok: false, message: resolved };
      if (permission && !can(resolved.role, permission)) return { ok: false, message: whyNot(permission) };
      const schema = typeof body.input === "function" ? body.input() : body.input;
      const parsed = schema.safeParse(rawInput);
      if (!parsed.success) return invalidInput(fieldErrorsOf(parsed.error));
      const result = await body.run(parsed.data, resolved.context);
      if (result.ok && revalidate) deps.revalidate(revalidate(resolved.access));
      return result;
    } catch (error) {
      if (error instanceof AppError)
        return {
          ok: false,
          message: error.userMessage,
          ...(error.field ? { fieldErrors: { [error.field]: error.userMessage } } : {}),
        };
      return { ok: false, message: genericMessage(logUnexpectedError("action", error)) };
    }
  }

  /** The caller's project context, or why there is none; the role is checked before `extend`. */
  function projectFrame<S extends z.ZodType, Context, T>(
    scope: ProjectScope,
    input: unknown,
    declaration: Declaration<S, Context, T>,
    extend: (context: ProjectContext) => Promise<Context | string>,
  ) {
    return frame(
      input,
      declaration,
      async (user) => {
        const access = await deps.findProjectAccess(user.id, scope.org, scope.project);
        if (!access) return NOT_FOUND;
        // The destination is looked up only for a caller whose role allows the action.
        if (!can(access.role, declaration.permission)) return whyNot(declaration.permission);
        const actor = {
          userId: user.id,
          organizationId: access.organization.id,
          projectId: access.project.id,
        };
        const context = await extend({ access, actor });
        return typeof context === "string" ? context : { context, access, role: access.role };
      },
      declaration.permission,
      declaration.revalidate,
    );
  }

  return {
    /** An action on a project: `(scope, input)`, bound to its scope by the page. */
    projectAction<S extends z.ZodType, T = undefined>(declaration: Declaration<S, ProjectContext, T>) {
      return async (scope: ProjectScope, input?: unknown): Promise<ActionResult<T>> => {
        const parsedScope = ProjectScope.safeParse(scope);
        if (!parsedScope.success) return { ok: false, message: NOT_FOUND };
        return projectFrame(parsedScope.data, input, declaration, async (context) => context);
      };
    },

    /** An action on one live destination of the caller's project, handed to the action loaded. */
    destinationAction<S extends z.ZodType, T = undefined>(
      declaration: Declaration<S, DestinationContext, T>,
    ) {
      return async (scope: DestinationScope, input?: unknown): Promise<ActionResult<T>> => {
        const parsedScope = DestinationScope.safeParse(scope);
        if (!parsedScope.success) return { ok: false, message: DESTINATION_NOT_FOUND };
        return projectFrame(parsedScope.data, input, declaration, async (context) => {
          const destination = await deps.findLiveDestination(
            context.access.project.id,
            parsedScope.data.destinationId,
          );
          return destination ? { ...context, destination } : DESTINATION_NOT_FOUND;
        });
      };
    },

    /** An action on an organization (its members, invitations, projects): `(scope, input)`. */
    organizationAction<S extends z.ZodType, T = undefined>(
      declaration: Declaration<S, OrganizationContext, T, OrganizationAccess>,
    ) {
      return async (scope: OrganizationScope, input?: unknown): Promise<ActionResult<T>> => {
        const parsedScope = OrganizationScope.safeParse(scope);
        if (!parsedScope.success) return { ok: false, message: ORGANIZATION_NOT_FOUND };
        return frame(
          input,
          declaration,
          async (user) => {
            const access = await deps.findOrganizationAccess(user.id, parsedScope.data.org);
            if (!access) return ORGANIZATION_NOT_FOUND;
            const actor = { userId: user.id, organizationId: access.organization.id };
            return { context: { access, actor }, access, role: access.role };
          },
          declaration.permission,
          declaration.revalidate,
        );
      };
    },

    /**
     * An action before sign-in (first-run setup, accepting an invitation with a new account,
     * password reset): `(input)`. What gives the caller the right is in its input (a token),
     * which the action checks; the frame validates the input and words the errors.
     */
    publicAction<S extends z.ZodType, T = undefined>(declaration: Body<S, Record<string, never>, T>) {
      return async (input?: unknown): Promise<ActionResult<T>> =>
        frame(
          input,
          declaration,
          async () => ({ context: {}, access: undefined, role: null }),
          null,
          undefined,
          true,
        );
    },

    /** An action on the caller's own account: `(input)`; any signed-in user may call it. */
    accountAction<S extends z.ZodType, T = undefined>(declaration: AccountDeclaration<S, T>) {
      return async (input?: unknown): Promise<ActionResult<T>> =>
        frame(
          input,
          declaration,
          async (user) => ({ context: { user }, access: undefined, role: null }),
          null,
          declaration.revalidate,
        );
    },
  };
}

/** Input of actions that take none. */
export const NoInput = z.undefined().or(z.object({}).strict());
