import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot, type Permission } from "@/lib/auth/permissions";
import { listCustomEvents } from "@/lib/catalog/custom-events";
import { describeFilter, EventFilter, withCustomEventName } from "@/lib/exports/event-filter";
import { backlogEstimate, findDestination, lagOf, statusOf } from "@/lib/destinations/queries";
import { openAlerts } from "@/lib/alerts/alerts";
import { env, issuerUrl } from "@/lib/env";
import { CredentialSection } from "@/components/destinations/credential-section";
import { DestinationAlerts } from "@/components/destinations/destination-alerts";
import { DestinationHeader } from "@/components/destinations/destination-header";
import { RevocationSection } from "@/components/destinations/revocation-section";
import { RunsSection } from "@/components/destinations/runs-section";
import { ScheduleEditor } from "@/components/destinations/schedule-editor";
import { CardSection } from "@/components/ui/card";
import { RefreshWhile } from "@/components/refresh-while";
import { catalogPath } from "@/lib/paths";
import { backfillProgress } from "@/lib/destinations/backfills";
import { BackfillSection } from "@/components/destinations/backfill-section";
import { daysHeldFor, retentionFacts } from "@/lib/events/retention";
import { MergedIdsSection } from "@/components/destinations/merged-ids-section";
import { DataConfigSection } from "@/components/destinations/data-config-section";
import { VerifySection } from "@/components/destinations/verify-section";
import {
  cancelBackfillAction,
  deleteDestinationAction,
  runNowAction,
  setPausedAction,
  startBackfillAction,
  updateCredentialsAction,
  updateDataConfigExportAction,
  updateMergedIdsAction,
  updateScheduleAction,
  verifyDestinationAction,
} from "../actions";

export const metadata: Metadata = { title: "Destination" };

type Props = { params: Promise<{ org: string; project: string; destinationId: string }> };

export default async function DestinationPage({ params }: Props) {
  const { org, project, destinationId } = await params;
  const access = await requireProjectAccess(org, project);
  const destination = await findDestination(access.project.id, destinationId);
  if (!destination) notFound();
  const lagMs = lagOf(destination);
  const [backlog, alerts, backfill, customEventItems] = await Promise.all([
    backlogEstimate(destination),
    openAlerts(destination.id),
    backfillProgress(destination.id),
    listCustomEvents(access.project.id),
  ]);
  const customEvents = customEventItems.map(({ id, name }) => ({ id, name }));
  const filter = EventFilter.parse(destination.filter);
  const reason = (permission: Permission) => (can(access.role, permission) ? undefined : whyNot(permission));
  const scope = {
    org: access.organization.slug,
    project: access.project.slug,
    destinationId: destination.id,
  };

  return (
    <div className="space-y-6">
      <DestinationHeader
        destination={destination}
        status={statusOf(destination)}
        lagMs={lagMs}
        backlog={backlog}
        actions={{
          runNow: runNowAction.bind(null, scope),
          pause: setPausedAction.bind(null, scope, { paused: true }),
          resume: setPausedAction.bind(null, scope, { paused: false }),
          remove: deleteDestinationAction.bind(null, scope),
        }}
        disabledReasons={{
          runNow: reason("runs.trigger"),
          pauseResume: reason("destinations.write"),
          remove: reason("destinations.delete"),
        }}
      />
      <DestinationAlerts
        alerts={alerts}
        policyUpdateNeeded={destination.policyUpdateNeeded}
        retentionHold={await daysHeldFor(destination.id)}
      />
      <RunsSection
        runs={destination.runs}
        nextRunAt={destination.nextRunAt}
        mergedIds={destination.mergedIdsTable !== null}
        runsPath={`${catalogPath(access.organization.slug, access.project.slug, "destinations")}/${destination.id}/runs`}
      />
      <RefreshWhile
        active={destination.runs.some((run) => run.status === "QUEUED" || run.status === "RUNNING")}
      />
      <BackfillSection
        progress={backfill}
        exportFrom={destination.exportFrom}
        retention={await retentionFacts()}
        start={startBackfillAction.bind(null, scope)}
        cancel={cancelBackfillAction.bind(null, scope)}
        disabledReason={reason("runs.trigger")}
      />
      <CardSection id="schedule-heading" title="Filter and frequency">
        <p className="mt-1 text-sm text-slate-600">
          {describeFilter(withCustomEventName(filter, customEvents))}
        </p>
        <div className="mt-3">
          <ScheduleEditor
            frequencyMinutes={destination.frequencyMinutes}
            filter={filter}
            save={updateScheduleAction.bind(null, scope)}
            disabledReason={reason("destinations.write")}
            customEvents={customEvents}
          />
        </div>
      </CardSection>
      <MergedIdsSection
        target={{ catalog: destination.catalog, schema: destination.schema, table: destination.table }}
        mergedIdsTable={destination.mergedIdsTable}
        save={updateMergedIdsAction.bind(null, scope)}
        disabledReason={reason("credentials.write")}
      />
      <DataConfigSection
        target={{ catalog: destination.catalog, schema: destination.schema, table: destination.table }}
        exportDataConfig={destination.exportDataConfig}
        lastSnapshot={
          destination.configSnapshotAt && destination.configSnapshotVersion !== null
            ? { at: destination.configSnapshotAt, version: destination.configSnapshotVersion }
            : null
        }
        save={updateDataConfigExportAction.bind(null, scope)}
        disabledReason={reason("credentials.write")}
      />
      <VerifySection
        verify={verifyDestinationAction.bind(null, scope)}
        disabledReason={reason("destinations.write")}
      />
      <CredentialSection
        destination={destination}
        allowedHosts={env().ALLOWED_WORKSPACE_HOSTS}
        issuer={issuerUrl()}
        save={updateCredentialsAction.bind(null, scope)}
        disabledReason={reason("credentials.write")}
      />
      <RevocationSection destination={destination} />
    </div>
  );
}
