import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot, type Permission } from "@/lib/auth/permissions";
import { revocationCommands, revokeSql } from "@/lib/destinations/databricks-snippets";
import { frequencyLabel } from "@/lib/destinations/destination-input";
import { describeFilter, EventFilter } from "@/lib/exports/event-filter";
import { findDestination, lagOf, statusOf } from "@/lib/destinations/queries";
import { openAlerts } from "@/lib/alerts/alerts";
import { stagingVolumeName } from "@/lib/exports/staging-volume";
import { env } from "@/lib/env";
import { formatBytes, formatDuration, formatTime } from "@/lib/format";
import { federatedSubject } from "@/lib/oidc/claims";
import { CodeBlock } from "@/components/code-block";
import { ActionButton } from "@/components/action-button";
import { CredentialsEditor } from "@/components/destinations/credentials-editor";
import { RunsChart } from "@/components/destinations/runs-chart";
import { ScheduleEditor } from "@/components/destinations/schedule-editor";
import { StatusBadge } from "@/components/destinations/status-badge";
import {
  deleteDestinationAction,
  runNowAction,
  setPausedAction,
  updateCredentialsAction,
  updateScheduleAction,
} from "../actions";

export const metadata: Metadata = { title: "Destination" };

type Props = { params: Promise<{ org: string; project: string; destinationId: string }> };

export default async function DestinationPage({ params }: Props) {
  const { org, project, destinationId } = await params;
  const access = await requireProjectAccess(org, project);
  const destination = await findDestination(access.project.id, destinationId);
  if (!destination) notFound();
  const status = statusOf(destination);
  const [lagMs, alerts] = await Promise.all([lagOf(destination), openAlerts(destination.id)]);
  const filter = EventFilter.parse(destination.filter);
  const reason = (permission: Permission) => (can(access.role, permission) ? undefined : whyNot(permission));
  const scope = {
    org: access.organization.slug,
    project: access.project.slug,
    destinationId: destination.id,
  };
  const finished = destination.runs.filter((run) => run.finishedAt).reverse();
  const grantsTarget = {
    applicationId: destination.clientId,
    catalog: destination.catalog,
    schema: destination.schema,
    table: destination.table,
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">Databricks destination</p>
          <h2 className="text-xl font-semibold">{destination.name}</h2>
          <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <StatusBadge status={status} />
            <span>{frequencyLabel(destination.frequencyMinutes)}</span>
            <span>
              Next run: {destination.state === "PAUSED" ? "paused" : formatTime(destination.nextRunAt)}
            </span>
            <span>Lag: {lagMs === null ? "up to date" : formatDuration(lagMs)}</span>
          </div>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <ActionButton
            label="Run now"
            action={runNowAction.bind(null, scope)}
            disabledReason={reason("runs.trigger")}
          />
          {destination.state === "PAUSED" ? (
            <ActionButton
              label="Resume"
              action={setPausedAction.bind(null, scope, { paused: false })}
              disabledReason={reason("destinations.write")}
            />
          ) : (
            <ActionButton
              label="Pause"
              action={setPausedAction.bind(null, scope, { paused: true })}
              disabledReason={reason("destinations.write")}
            />
          )}
          <ActionButton
            label="Delete destination"
            danger
            confirm="Runs stop and the destination disappears from the list (its run history stays for the audit). Revoke its federation policy and grants in Databricks afterwards."
            action={deleteDestinationAction.bind(null, scope)}
            disabledReason={reason("destinations.delete")}
          />
        </div>
      </div>
      {alerts.length > 0 && (
        <section aria-labelledby="alerts-heading" className="rounded-xl border border-red-200 bg-red-50 p-4">
          <h3 id="alerts-heading" className="font-semibold text-red-800">
            Alerts
          </h3>
          <ul className="mt-1 space-y-1 text-sm text-red-800">
            {alerts.map((alert) => (
              <li key={alert.id}>
                <span className="font-medium">{alert.kind === "FAILING" ? "Failing" : "Lagging"}</span> since{" "}
                {formatTime(alert.createdAt)}: {alert.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {destination.policyUpdateNeeded && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Deltaport is rotating its signing key and this destination&apos;s policy carries the keys inline:
          run the policy command again before the new key signs.
        </p>
      )}

      <section
        aria-labelledby="runs-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h3 id="runs-heading" className="font-semibold">
          Runs
        </h3>
        <div className="mt-3">
          <RunsChart
            runs={finished.map((run) => ({
              id: run.id,
              rows: run.rows,
              durationMs:
                run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
              failed: run.status === "FAILED",
            }))}
          />
        </div>
        {destination.runs.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">
            No runs yet. The first run starts at {formatTime(destination.nextRunAt)} and verifies the
            credential end to end.
          </p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th className="py-2 pr-3 font-medium">Queued</th>
                  <th className="py-2 pr-3 font-medium">Status</th>
                  <th className="py-2 pr-3 font-medium">Rows</th>
                  <th className="py-2 pr-3 font-medium">Bytes</th>
                  <th className="py-2 pr-3 font-medium">Duration</th>
                  <th className="py-2 pr-3 font-medium">Error</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {destination.runs.map((run) => (
                  <tr key={run.id}>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatTime(run.queuedAt)}</td>
                    <td className="py-2 pr-3">
                      {run.status.toLowerCase()}
                      {run.trigger === "MANUAL" ? " (run now)" : ""}
                    </td>
                    <td className="py-2 pr-3">{run.rows?.toLocaleString("en") ?? "—"}</td>
                    <td className="py-2 pr-3">{formatBytes(run.bytes)}</td>
                    <td className="py-2 pr-3">
                      {run.startedAt && run.finishedAt
                        ? formatDuration(run.finishedAt.getTime() - run.startedAt.getTime())
                        : "—"}
                    </td>
                    <td className="py-2 pr-3 text-red-700">
                      {run.errorClass ? `${run.errorClass}: ${run.errorMessage ?? ""}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section
        aria-labelledby="schedule-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h3 id="schedule-heading" className="font-semibold">
          Filter and frequency
        </h3>
        <p className="mt-1 text-sm text-slate-600">{describeFilter(filter)}</p>
        <div className="mt-3">
          <ScheduleEditor
            frequencyMinutes={destination.frequencyMinutes}
            filter={filter}
            save={updateScheduleAction.bind(null, scope)}
            disabledReason={reason("destinations.write")}
          />
        </div>
      </section>

      <section
        aria-labelledby="credential-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h3 id="credential-heading" className="font-semibold">
          Credential and target
        </h3>
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">JWT subject</dt>
          <dd className="font-mono text-xs break-all">
            {federatedSubject(access.project.id, destination.id)}
          </dd>
          <dt className="text-slate-500">Staging volume</dt>
          <dd className="font-mono text-xs">{`${destination.catalog}.${destination.schema}.${stagingVolumeName(destination.id)}`}</dd>
          <dt className="text-slate-500">Exports events ingested from</dt>
          <dd>{formatTime(destination.exportFrom)}</dd>
        </dl>
        <div className="mt-4">
          <CredentialsEditor
            values={{
              workspaceHost: destination.workspaceHost,
              clientId: destination.clientId,
              warehouseId: destination.warehouseId,
              catalog: destination.catalog,
              schema: destination.schema,
              table: destination.table,
            }}
            allowedHosts={env().ALLOWED_WORKSPACE_HOSTS}
            save={updateCredentialsAction.bind(null, scope)}
            disabledReason={reason("credentials.write")}
          />
        </div>
      </section>

      <section
        aria-labelledby="revoke-heading"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h3 id="revoke-heading" className="font-semibold">
          Revoke Deltaport&apos;s access
        </h3>
        <p className="text-sm text-slate-600">
          Delete the federation policy with the same <strong>account</strong> profile you created it with (a
          workspace profile gets 401); the next run then fails with PERMISSION_DENIED and no event is skipped.
          Fill in the numeric service principal ID, which Deltaport does not store.
        </p>
        <CodeBlock title="Revocation commands (Databricks CLI)" code={revocationCommands(destination.id)} />
        <p className="text-sm text-slate-600">
          To also block data access for any token that is still valid, remove the grants:
        </p>
        <CodeBlock title="REVOKE grants (SQL editor)" code={revokeSql(grantsTarget)} />
      </section>
    </div>
  );
}
