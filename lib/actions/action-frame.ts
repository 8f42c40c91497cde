import { z } from "zod";
import type { ProjectAccess } from "@/lib/auth/access";
import type { Actor } from "@/lib/auth/actor";
import { can, whyNot, type Permission } from "@/lib/auth/permissions";
import { AppError, genericMessage, logUnexpectedError } from "@/lib/errors";
import type { Destination } from "@/lib/generated/prisma/client";
import { fieldErrorsOf, invalidInput, type ActionResult } from "@/lib/actions/action-result";

// The frame of every server action. An action is declared with its permission and a zod
// schema for its input; the frame
//   1. validates the scope (organization, project and, for destination actions, the
//      destination id) like any other input,
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

export type ProjectContext = { access: ProjectAccess; actor: Actor };
export type DestinationContext = ProjectContext & { destination: Destination };

/** What the frame reads from outside; tests pass their own. */
export type ActionFrameDeps = {
  currentUser: () => Promise<{ id: string } | null>;
  findProjectAccess: (userId: string, org: string, project: string) => Promise<ProjectAccess | null>;
  findLiveDestination: (projectId: string, destinationId: string) => Promise<Destination | null>;
  revalidate: (path: string) => void;
};

type Declaration<S extends z.ZodType, Context, T> = {
  permission: Permission;
  /** The action's input; a function when the schema depends on configuration. */
  input: S | (() => S);
  /** The path (with its layout) whose cached pages the action changes. */
  revalidate?: (access: ProjectAccess) => string;
  run: (input: z.infer<S>, context: Context) => Promise<ActionResult<T>>;
};

const NOT_FOUND = "This project does not exist.";
const DESTINATION_NOT_FOUND = "This destination does not exist.";

export function createActionFrame(deps: ActionFrameDeps) {
  async function frame<S extends z.ZodType, Context extends ProjectContext, T>(
    scope: ProjectScope,
    rawInput: unknown,
    declaration: Declaration<S, Context, T>,
    extend: (context: ProjectContext) => Promise<Context | string>,
  ): Promise<ActionResult<T>> {
    try {
      const user = await deps.currentUser();
      if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
      const access = await deps.findProjectAccess(user.id, scope.org, scope.project);
      if (!access) return { ok: false, message: NOT_FOUND };
      if (!can(access.role, declaration.permission))
        return { ok: false, message: whyNot(declaration.permission) };
      const actor = { userId: user.id, organizationId: access.organization.id, projectId: access.project.id };
      const context = await extend({ access, actor });
      if (typeof context === "string") return { ok: false, message: context };
      const schema = typeof declaration.input === "function" ? declaration.input() : declaration.input;
      const parsed = schema.safeParse(rawInput);
      if (!parsed.success) return invalidInput(fieldErrorsOf(parsed.error));
      const result = await declaration.run(parsed.data, context);
      if (result.ok && declaration.revalidate) deps.revalidate(declaration.revalidate(access));
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

  const badScope = { ok: false as const, message: NOT_FOUND };

  return {
    /** An action on a project: `(scope, input)`, bound to its scope by the page. */
    projectAction<S extends z.ZodType, T = undefined>(declaration: Declaration<S, ProjectContext, T>) {
      return async (scope: ProjectScope, input?: unknown): Promise<ActionResult<T>> => {
        const parsedScope = ProjectScope.safeParse(scope);
        if (!parsedScope.success) return badScope;
        return frame(parsedScope.data, input, declaration, async (context) => context);
      };
    },

    /** An action on one live destination of the caller's project, handed to the action loaded. */
    destinationAction<S extends z.ZodType, T = undefined>(
      declaration: Declaration<S, DestinationContext, T>,
    ) {
      return async (scope: DestinationScope, input?: unknown): Promise<ActionResult<T>> => {
        const parsedScope = DestinationScope.safeParse(scope);
        if (!parsedScope.success) return { ok: false, message: DESTINATION_NOT_FOUND };
        return frame(parsedScope.data, input, declaration, async (context) => {
          const destination = await deps.findLiveDestination(
            context.access.project.id,
            parsedScope.data.destinationId,
          );
          return destination ? { ...context, destination } : DESTINATION_NOT_FOUND;
        });
      };
    },
  };
}

/** Input of actions that take none. */
export const NoInput = z.undefined().or(z.object({}).strict());
