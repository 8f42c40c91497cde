import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { issuerUrl } from "@/lib/env";
import { eventTypeCounts, recentEvents } from "@/lib/events/recent-events";
import { curlSnippet, nodeSdkSnippet } from "@/lib/events/sdk-snippet";
import { catalogPath } from "@/lib/paths";
import { CodeBlock } from "@/components/code-block";
import { PermissionNote } from "@/components/permission-note";

export const metadata: Metadata = { title: "Events" };

type Props = { params: Promise<{ org: string; project: string }>; searchParams: Promise<{ after?: string }> };

const time = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19);

export default async function EventsPage({ params, searchParams }: Props) {
  const { org, project } = await params;
  const { after } = await searchParams;
  const access = await requireProjectAccess(org, project);
  // The key is rendered on the server only for roles that may read it; others never receive it.
  const apiKey = can(access.role, "apiKeys.read") ? access.project.apiKey : null;
  const [page, counts] = await Promise.all([
    recentEvents(access.project.id, after),
    eventTypeCounts(access.project.id),
  ]);
  // The public URL SDKs send to is the portal's stable URL, the same one customers' policies name.
  const portalUrl = issuerUrl();
  const here = catalogPath(access.organization.slug, access.project.slug, "events");

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section aria-labelledby="recent-events" className="min-w-0 lg:col-span-2">
        <h2 id="recent-events" className="text-lg font-semibold">
          Recent events
        </h2>
        {page.events.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
            No events yet{after ? " on this page" : ""}. Send some with the snippet on this page.
          </p>
        ) : (
          <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
                <tr>
                  <th className="px-3 py-2 font-medium">Event type</th>
                  <th className="px-3 py-2 font-medium">User / device</th>
                  <th className="px-3 py-2 font-medium">Amplitude ID</th>
                  <th className="px-3 py-2 font-medium">Event time (UTC)</th>
                  <th className="px-3 py-2 font-medium">Received (UTC)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.events.map((event) => (
                  <tr key={event.id}>
                    <td className="px-3 py-2 font-medium">{event.eventType}</td>
                    <td className="max-w-48 truncate px-3 py-2 text-slate-600">
                      {event.userId ?? event.deviceId}
                    </td>
                    <td className="px-3 py-2 font-mono text-xs text-slate-600">{event.amplitudeId}</td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600">{time(event.eventTime)}</td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                      {time(event.serverUploadTime)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
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
        <section
          aria-labelledby="event-counts"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        >
          <h2 id="event-counts" className="font-semibold">
            Last 24 hours
          </h2>
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
        </section>

        <section
          aria-labelledby="send-events"
          className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        >
          <h2 id="send-events" className="font-semibold">
            Send events
          </h2>
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
        </section>
      </div>
    </div>
  );
}
