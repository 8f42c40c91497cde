import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { frequencyLabel } from "@/lib/destinations/destination-input";
import { listDestinations } from "@/lib/destinations/queries";
import { formatDuration, formatTime } from "@/lib/format";
import { catalogPath } from "@/lib/paths";
import { DestinationCard } from "@/components/destination-card";
import { PermissionNote } from "@/components/permission-note";
import { StatusBadge } from "@/components/destinations/status-badge";

export const metadata: Metadata = { title: "Destinations" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function DestinationsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const mayCreate = can(access.role, "destinations.create");
  const base = catalogPath(access.organization.slug, access.project.slug, "destinations");
  const destinations = await listDestinations(access.project.id);
  return (
    <div className="space-y-8">
      <section aria-labelledby="warehouse-destinations">
        <h2 id="warehouse-destinations" className="text-lg font-semibold">
          Warehouse Destinations
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Load this project&apos;s raw events on a schedule into a table in your own warehouse.
        </p>
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <DestinationCard
            name="Databricks"
            href={mayCreate ? `${base}/databricks/new` : undefined}
            description="Unity Catalog Delta table, loaded with COPY INTO. Authenticates with OAuth workload identity federation: no secret leaves your workspace."
            footer={mayCreate ? undefined : <PermissionNote>{whyNot("destinations.create")}</PermissionNote>}
          />
        </div>
      </section>

      <section aria-labelledby="your-destinations">
        <h2 id="your-destinations" className="text-lg font-semibold">
          Your destinations
        </h2>
        {destinations.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
            No destinations yet.
          </p>
        ) : (
          <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
                <tr>
                  <th className="px-3 py-2 font-medium">Target table</th>
                  <th className="px-3 py-2 font-medium">Frequency</th>
                  <th className="px-3 py-2 font-medium">Status</th>
                  <th className="px-3 py-2 font-medium">Last run</th>
                  <th className="px-3 py-2 font-medium">Lag</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {destinations.map((destination) => (
                  <tr key={destination.id}>
                    <td className="px-3 py-2">
                      <Link
                        href={`${base}/${destination.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {destination.name}
                      </Link>
                      <span className="block text-xs text-slate-500">
                        {new URL(destination.workspaceHost).host}
                      </span>
                    </td>
                    <td className="px-3 py-2 text-slate-600">
                      {frequencyLabel(destination.frequencyMinutes)}
                    </td>
                    <td className="px-3 py-2">
                      <StatusBadge status={destination.status} />
                    </td>
                    <td className="px-3 py-2 text-slate-600">
                      {destination.lastRun
                        ? `${destination.lastRun.status.toLowerCase()} · ${formatTime(destination.lastRun.finishedAt)}`
                        : "—"}
                    </td>
                    <td className="px-3 py-2 text-slate-600">
                      {destination.lagMs === null ? "Up to date" : formatDuration(destination.lagMs)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
