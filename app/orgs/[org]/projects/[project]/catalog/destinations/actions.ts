"use server";

import { revalidatePath } from "next/cache";
import { projectAction, type ActionResult } from "@/lib/actions/project-action";
import { verifyConnection, type ConnectionCheck } from "@/lib/databricks/verify-connection";
import { createDestination } from "@/lib/destinations/create-destination";
import {
  credentialInputSchema,
  destinationInputSchema,
  fieldErrorsOf,
  ScheduleInput,
} from "@/lib/destinations/destination-input";
import {
  deleteDestination,
  runNow,
  setPaused,
  updateCredentials,
  updateSchedule,
} from "@/lib/destinations/manage-destination";
import { env } from "@/lib/env";
import { catalogPath } from "@/lib/paths";

const invalid = (fieldErrors: Record<string, string>) => ({
  ok: false as const,
  message: "Some fields need attention.",
  fieldErrors,
});
const destinationsPath = (org: string, project: string) => catalogPath(org, project, "destinations");

/** Finish: creates the destination the wizard describes (ADMIN, MANAGER). */
export async function createDestinationAction(
  org: string,
  project: string,
  destinationId: string,
  input: unknown,
): Promise<ActionResult<{ destinationId: string }>> {
  return projectAction(org, project, "destinations.create", async ({ access, actor }) => {
    const allowedHosts = env().ALLOWED_WORKSPACE_HOSTS;
    const parsed = destinationInputSchema(allowedHosts).safeParse(input);
    if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
    // The numeric service principal id only filled the command: it goes no further.
    const { servicePrincipalId, ...fields } = parsed.data;
    const destination = await createDestination(actor, String(destinationId), fields, allowedHosts);
    revalidatePath(destinationsPath(access.organization.slug, access.project.slug));
    return { ok: true, data: { destinationId: destination.id } };
  });
}

/** Verify connection: a real token exchange, SELECT 1 and the privileges, as a checklist (ADMIN, MANAGER). */
export async function verifyConnectionAction(
  org: string,
  project: string,
  destinationId: string,
  input: unknown,
): Promise<ActionResult<{ checks: ConnectionCheck[] }>> {
  return projectAction(org, project, "destinations.create", async ({ access }) => {
    const allowedHosts = env().ALLOWED_WORKSPACE_HOSTS;
    const parsed = destinationInputSchema(allowedHosts)
      .omit({ servicePrincipalId: true, frequencyMinutes: true, filter: true })
      .safeParse(input);
    if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
    const checks = await verifyConnection({
      ...parsed.data,
      projectId: access.project.id,
      destinationId: String(destinationId),
      workspaceHost: parsed.data.workspaceHost,
      allowedHosts,
    });
    return { ok: true, data: { checks } };
  });
}

export async function updateScheduleAction(
  org: string,
  project: string,
  destinationId: string,
  input: unknown,
): Promise<ActionResult> {
  return projectAction(org, project, "destinations.write", async ({ access, actor }) => {
    const parsed = ScheduleInput.safeParse(input);
    if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
    await updateSchedule(actor, String(destinationId), parsed.data);
    revalidatePath(destinationsPath(access.organization.slug, access.project.slug), "layout");
    return { ok: true, message: "Saved. The new filter and frequency apply from the next run." };
  });
}

export async function setPausedAction(
  org: string,
  project: string,
  destinationId: string,
  paused: boolean,
): Promise<ActionResult> {
  return projectAction(org, project, "destinations.write", async ({ access, actor }) => {
    await setPaused(actor, String(destinationId), Boolean(paused));
    revalidatePath(destinationsPath(access.organization.slug, access.project.slug), "layout");
    return {
      ok: true,
      message: paused
        ? "Paused. No run starts until you resume."
        : "Resumed. Nothing was skipped: the next run delivers everything since the last one.",
    };
  });
}

export async function runNowAction(
  org: string,
  project: string,
  destinationId: string,
): Promise<ActionResult> {
  return projectAction(org, project, "runs.trigger", async ({ access, actor }) => {
    const { delivery } = await runNow(actor, String(destinationId));
    revalidatePath(destinationsPath(access.organization.slug, access.project.slug), "layout");
    return {
      ok: true,
      message:
        delivery === "sent"
          ? "Run requested: it starts in a moment."
          : "Run queued: the export scheduler picks it up.",
    };
  });
}

export async function updateCredentialsAction(
  org: string,
  project: string,
  destinationId: string,
  input: unknown,
): Promise<ActionResult> {
  return projectAction(org, project, "credentials.write", async ({ access, actor }) => {
    const allowedHosts = env().ALLOWED_WORKSPACE_HOSTS;
    const parsed = credentialInputSchema(allowedHosts).safeParse(input);
    if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
    await updateCredentials(actor, String(destinationId), parsed.data, allowedHosts);
    revalidatePath(destinationsPath(access.organization.slug, access.project.slug), "layout");
    return {
      ok: true,
      message: "Saved. If the workspace or service principal changed, run the new policy command and grants.",
    };
  });
}

export async function deleteDestinationAction(
  org: string,
  project: string,
  destinationId: string,
): Promise<ActionResult> {
  return projectAction(org, project, "destinations.delete", async ({ access, actor }) => {
    await deleteDestination(actor, String(destinationId));
    revalidatePath(destinationsPath(access.organization.slug, access.project.slug), "layout");
    return { ok: true, message: "Deleted. Revoke the federation policy and the grants in Databricks." };
  });
}
