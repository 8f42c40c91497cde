import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { frequencyLabel } from "@/lib/destinations/destination-input";
import { listDestinations } from "@/lib/destinations/queries";
import { formatDuration, formatTime } from "@/lib/format";
import { catalogPath } from "@/lib/paths";
import { DestinationCard } from "@/components/destination-card";
import { StatusBadge } from "@/components/destinations/status-badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PermissionNote } from "@/components/ui/permission-note";

export const metadata: Metadata = { title: "Destinations" };

type Props = { params: Promise<{ org: string; project: string }> };
type Listed = Awaited<ReturnType<typeof listDestinations>>[number];

const columns = (base: string): Column<Listed>[] => [
  {
    header: "Target table",
    cell: (destination) => (
      <>
        <Link href={`${base}/${destination.id}`} className="font-medium text-brand-700 hover:underline">
          {destination.name}
        </Link>
        <span className="block text-xs text-slate-500">{new URL(destination.workspaceHost).host}</span>
      </>
    ),
  },
  {
    header: "Frequency",
    cell: (destination) => frequencyLabel(destination.frequencyMinutes),
    className: "text-slate-600",
  },
  { header: "Status", cell: (destination) => <StatusBadge status={destination.status} /> },
  {
    header: "Last run",
    cell: ({ lastRun }) =>
      lastRun ? `${lastRun.status.toLowerCase()} · ${formatTime(lastRun.finishedAt)}` : "—",
    className: "text-slate-600",
  },
  {
    header: "Lag",
    cell: ({ lagMs }) => (lagMs === null ? "Up to date" : formatDuration(lagMs)),
    className: "text-slate-600",
  },
];

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
        <DataTable
          className="mt-3"
          columns={columns(base)}
          rows={destinations}
          rowKey={(destination) => destination.id}
          empty="No destinations yet."
        />
      </section>
    </div>
  );
}
