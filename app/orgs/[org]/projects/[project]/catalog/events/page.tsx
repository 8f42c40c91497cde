import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { catalogEventTypes, userProperties } from "@/lib/catalog/catalog-queries";
import { eventTypePath } from "@/lib/catalog/event-type-path";
import { issuerUrl } from "@/lib/env";
import { eventTypeCounts, recentEvents, type EventListItem } from "@/lib/events/recent-events";
import { curlSnippet, nodeSdkSnippet } from "@/lib/events/sdk-snippet";
import { catalogPath } from "@/lib/paths";
import { EventCatalogTable } from "@/components/catalog/event-catalog-table";
import { PlanEventTypeForm } from "@/components/catalog/plan-event-type-form";
import { PropertiesTable } from "@/components/catalog/properties-table";
import { CodeBlock } from "@/components/code-block";
import { CardSection } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PermissionNote } from "@/components/ui/permission-note";
import { planEventTypeAction, updatePropertyAction } from "./actions";

export const metadata: Metadata = { title: "Events" };

type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ after?: string }> };

const time = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19);

const COLUMNS: Column<EventListItem>[] = [
  { header: "Event type", cell: (event) => event.eventType, className: "font-medium" },
  {
    header: "User / device",
    cell: (event) => event.userId ?? event.deviceId,
    className: "max-w-48 truncate text-slate-600",
  },
  {
    header: "Amplitude ID",
    cell: (event) => event.amplitudeId,
    className: "font-mono text-xs text-slate-600",
  },
  {
    header: "Event time (UTC)",
    cell: (event) => time(event.eventTime),
    className: "whitespace-nowrap text-slate-600",
  },
  {
    header: "Received (UTC)",
    cell: (event) => time(event.serverUploadTime),
    className: "whitespace-nowrap text-slate-600",
  },
];

export default async function EventsPage({ params, searchParams }: Props) {
  const { org, project } = await params;
  const { after } = await searchParams;
  const access = await requireProjectAccess(org, project);
  // The key is rendered on the server only for roles that may read it; others never receive it.
  const apiKey = can(access.role, "apiKeys.read") ? access.project.apiKey : null;
  const [page, counts, eventTypes, users] = await Promise.all([
    recentEvents(access.project.id, after),
    eventTypeCounts(access.project.id),
    catalogEventTypes(access.project.id),
    userProperties(access.project.id),
  ]);
  // The public URL SDKs send to is the portal's stable URL, the same one customers' policies name.
  const portalUrl = issuerUrl();
  const here = catalogPath(access.organization.slug, access.project.slug, "events");
  const scope = { org: access.organization.slug, project: access.project.slug };
  const catalogReadOnly = can(access.role, "catalog.write") ? undefined : whyNot("catalog.write");

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="recent-events" className="min-w-0 lg:col-span-2">
          <h2 id="recent-events" className="text-lg font-semibold">
            Recent events
          </h2>
          <DataTable
            className="mt-3"
            columns={COLUMNS}
            rows={page.events}
            rowKey={(event) => event.id}
            empty={`No events yet${after ? " on this page" : ""}. Send some with the snippet on this page.`}
          />
          <nav aria-label="Pages of events" className="mt-3 flex gap-3 text-sm">
            {after && (
              <Link href={here} className="font-medium text-brand-700 hover:underline">
                Newest
              </Link>
            )}
            {page.nextCursor && (
              <Link
                href={`${here}?after=${page.nextCursor}`}
                className="font-medium text-brand-700 hover:underline"
              >
                Older events
              </Link>
            )}
          </nav>
        </section>

        <div className="space-y-6">
          <CardSection id="event-counts" title="Last 24 hours" level={2} padding="md">
            {counts.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">No events in the last 24 hours.</p>
            ) : (
              <ul className="mt-2 space-y-1 text-sm">
                {counts.map((count) => (
                  <li key={count.eventType} className="flex justify-between gap-2">
                    <span className="truncate">{count.eventType}</span>
                    <span className="font-mono text-slate-600">{count.count.toLocaleString("en")}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardSection>

          <CardSection id="send-events" title="Send events" level={2} padding="md" className="space-y-3">
            <p className="text-sm text-slate-600">
              Any Amplitude SDK works: set its server URL to{" "}
              <code className="font-mono text-xs">{portalUrl}/2/httpapi</code>.
            </p>
            <div>
              <h3 className="text-sm font-medium">Project API key</h3>
              {apiKey ? (
                <code className="mt-1 block rounded-md bg-slate-100 px-2 py-1 font-mono text-xs break-all">
                  {apiKey}
                </code>
              ) : (
                <PermissionNote>{whyNot("apiKeys.read")}</PermissionNote>
              )}
            </div>
            <CodeBlock title="Node.js (@amplitude/analytics-node)" code={nodeSdkSnippet(portalUrl, apiKey)} />
            <CodeBlock title="HTTP" code={curlSnippet(portalUrl, apiKey)} />
          </CardSection>
        </div>
      </div>

      <CardSection id="event-catalog" title="Event catalog" level={2} padding="md">
        <p className="mt-1 text-sm text-slate-600">
          Every event type this project has received, found from its stored events within a minute, and what
          your team says of it. Open one to describe it and its properties.
        </p>
        <EventCatalogTable
          eventTypes={eventTypes}
          pathOf={(eventType) => eventTypePath(scope.org, scope.project, eventType)}
        />
        <div className="mt-4 max-w-md">
          <PlanEventTypeForm plan={planEventTypeAction.bind(null, scope)} disabledReason={catalogReadOnly} />
        </div>
      </CardSection>

      <CardSection id="user-properties" title="User properties" level={2} padding="md">
        <PropertiesTable
          scope="USER"
          eventType=""
          properties={users}
          save={updatePropertyAction.bind(null, scope)}
          disabledReason={catalogReadOnly}
          empty="No user properties yet: they appear here once events carry them."
        />
      </CardSection>
    </div>
  );
}
