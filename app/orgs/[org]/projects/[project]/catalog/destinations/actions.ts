"use server";

import { z } from "zod";
import { requestBackfill, requestExportRun } from "@/inngest/request-export-run";
import { NoInput } from "@/lib/actions/action-frame";
import { destinationAction, projectAction } from "@/lib/actions/project-action";
import type { ProjectAccess } from "@/lib/auth/access";
import {
  assertBackfillKept,
  BackfillInput,
  cancelBackfill,
  startBackfill,
} from "@/lib/destinations/backfills";
import { createDestination } from "@/lib/destinations/create-destination";
import { isDestinationId } from "@/lib/destinations/destination-id";
import {
  credentialInputSchema,
  DataConfigExportInput,
  destinationFields,
  MergedIdsInput,
  refineMergedIds,
  ScheduleInput,
} from "@/lib/destinations/destination-input";
import {
  deleteDestination,
  queueManualRun,
  setPaused,
  updateCredentials,
  updateDataConfigExport,
  updateMergedIds,
  updateSchedule,
} from "@/lib/destinations/manage-destination";
import {
  requireUnusedDestinationId,
  verifyConnection,
  verifySavedDestination,
} from "@/lib/destinations/verify-connection";
import { requireVerifiedCredentialPath } from "@/lib/destinations/credential-change";
import { env } from "@/lib/env";
import { catalogPath } from "@/lib/paths";

const destinationsPath = ({ organization, project }: ProjectAccess) =>
  catalogPath(organization.slug, project.slug, "destinations");
const allowedHosts = () => env().ALLOWED_WORKSPACE_HOSTS;

// The wizard's destination id is fixed when it opens (the policy command shown contains it).
const WizardDestinationId = z.string().refine(isDestinationId, "Open the wizard again.");

/** Finish: creates the destination the wizard describes (ADMIN, MANAGER). */
export const createDestinationAction = projectAction({
  permission: "destinations.create",
  input: () =>
    refineMergedIds(
      destinationFields(allowedHosts()).extend({
        destinationId: WizardDestinationId,
        // Historical backfill, chosen in Get started: from this day to the start of today (UTC).
        backfillFrom: BackfillInput.shape.backfillFrom.optional(),
      }),
    ),
  revalidate: destinationsPath,
  async run({ destinationId, servicePrincipalId, backfillFrom, ...fields }, { actor }) {
    // The numeric service principal id only filled the command: it goes no further.
    void servicePrincipalId;
    // Checked first, so that a refused backfill does not leave the destination made without it.
    if (backfillFrom) await assertBackfillKept({ backfillFrom });
    const destination = await createDestination(actor, destinationId, fields, allowedHosts());
    if (backfillFrom) {
      const backfill = await startBackfill(actor, destination, { backfillFrom, redeliver: false });
      await requestBackfill({ destinationId: destination.id, backfillId: backfill.id });
    }
    return { ok: true, data: { destinationId: destination.id } };
  },
});

/** Verify connection: a real token exchange, SELECT 1 and the privileges, as a checklist (ADMIN, MANAGER). */
export const verifyConnectionAction = projectAction({
  permission: "destinations.create",
  input: () =>
    destinationFields(allowedHosts())
      .omit({
        servicePrincipalId: true,
        frequencyMinutes: true,
        filter: true,
        mergedIdsTable: true,
        exportDataConfig: true,
      })
      .extend({ destinationId: WizardDestinationId }),
  async run(input, { access }) {
    await requireUnusedDestinationId(input.destinationId);
    const checks = await verifyConnection({
      ...input,
      projectId: access.project.id,
      allowedHosts: allowedHosts(),
    });
    return { ok: true, data: { checks } };
  },
});

/**
 * Verify connection for a saved destination, with its saved credential, target and JSON column
 * type: the same checklist as the wizard's, load path included (ADMIN, MANAGER).
 */
export const verifyDestinationAction = destinationAction({
  permission: "destinations.write",
  input: NoInput,
  async run(_input, { destination }) {
    const checks = await verifySavedDestination(destination, allowedHosts());
    return { ok: true, data: { checks } };
  },
});

export const updateScheduleAction = destinationAction({
  permission: "destinations.write",
  input: ScheduleInput,
  revalidate: destinationsPath,
  async run(input, { actor, destination }) {
    await updateSchedule(actor, destination, input);
    return { ok: true, message: "Saved. The new filter and frequency apply from the next run." };
  },
});

export const updateMergedIdsAction = destinationAction({
  permission: "credentials.write",
  input: MergedIdsInput,
  revalidate: destinationsPath,
  async run({ mergedIdsTable }, { actor, destination }) {
    await updateMergedIds(actor, destination, mergedIdsTable);
    return {
      ok: true,
      message: mergedIdsTable
        ? `Saved. From the next run, merges are delivered to ${destination.catalog}.${destination.schema}.${mergedIdsTable}.`
        : "Saved. From the next run, merges are no longer delivered; the table stays as it is.",
    };
  },
});

/** Turns the data-configuration export on or off (ADMIN: it writes tables and views in the workspace). */
export const updateDataConfigExportAction = destinationAction({
  permission: "credentials.write",
  input: DataConfigExportInput,
  revalidate: destinationsPath,
  async run({ exportDataConfig }, { actor, destination }) {
    await updateDataConfigExport(actor, destination, exportDataConfig);
    return {
      ok: true,
      message: exportDataConfig
        ? "Saved. The next run delivers a snapshot of the data configuration and creates the views."
        : "Saved. From the next run, the data configuration is no longer delivered; its tables and views stay as they are.",
    };
  },
});

export const setPausedAction = destinationAction({
  permission: "destinations.write",
  input: z.object({ paused: z.boolean() }),
  revalidate: destinationsPath,
  async run({ paused }, { actor, destination }) {
    await setPaused(actor, destination, paused);
    return {
      ok: true,
      message: paused
        ? "Paused. No run starts until you resume."
        : "Resumed. Nothing was skipped: the next run delivers everything since the last one.",
    };
  },
});

export const runNowAction = destinationAction({
  permission: "runs.trigger",
  input: NoInput,
  revalidate: destinationsPath,
  async run(_input, { actor, destination }) {
    const { runId } = await queueManualRun(actor, destination);
    const delivery = await requestExportRun({ destinationId: destination.id, runId });
    return {
      ok: true,
      message:
        delivery === "sent"
          ? "Run requested: it starts in a moment."
          : "Run queued: the export scheduler picks it up.",
    };
  },
});

export const updateCredentialsAction = destinationAction({
  permission: "credentials.write",
  input: () => credentialInputSchema(allowedHosts()),
  revalidate: destinationsPath,
  async run(input, { actor, destination }) {
    await requireVerifiedCredentialPath(destination, input, allowedHosts());
    await updateCredentials(actor, destination, input, allowedHosts());
    return { ok: true, message: "Saved. The next run uses the new credential and target." };
  },
});

export const deleteDestinationAction = destinationAction({
  permission: "destinations.delete",
  input: NoInput,
  revalidate: destinationsPath,
  async run(_input, { actor, destination }) {
    await deleteDestination(actor, destination);
    return { ok: true, message: "Deleted. Revoke the federation policy and the grants in Databricks." };
  },
});

/** Backfill: delivers the history before the destination's time floor, in chunks (ADMIN, MANAGER). */
export const startBackfillAction = destinationAction({
  permission: "runs.trigger",
  input: BackfillInput,
  revalidate: destinationsPath,
  async run(input, { actor, destination }) {
    const backfill = await startBackfill(actor, destination, input);
    await requestBackfill({ destinationId: destination.id, backfillId: backfill.id });
    return { ok: true, message: "Backfill started: it runs in chunks beside the recurring export." };
  },
});

export const cancelBackfillAction = destinationAction({
  permission: "runs.trigger",
  input: NoInput,
  revalidate: destinationsPath,
  async run(_input, { actor, destination }) {
    await cancelBackfill(actor, destination);
    return {
      ok: true,
      message: "Backfill cancelled: it stops after its current step; what was delivered stays.",
    };
  },
});
