import Link from "next/link";
import type { CatalogEventTypeRow } from "@/lib/catalog/catalog-queries";
import { STATUS_LABELS } from "@/lib/catalog/catalog-input";
import { formatTime } from "@/lib/format";
import { DataTable, type Column } from "@/components/ui/data-table";

type Props = {
  eventTypes: CatalogEventTypeRow[];
  /** The page of one event type. */
  pathOf: (eventType: string) => string;
};

/** The project's event types: what discovery saw of each and what people said of it. */
export function EventCatalogTable({ eventTypes, pathOf }: Props) {
  const columns: Column<CatalogEventTypeRow>[] = [
    {
      header: "Event type",
      cell: (row) => (
        <Link href={pathOf(row.eventType)} className="font-medium break-all text-brand-700 hover:underline">
          {row.eventType}
        </Link>
      ),
      className: "max-w-64",
    },
    { header: "Display name", cell: (row) => row.displayName ?? "—", className: "text-slate-600" },
    { header: "Category", cell: (row) => row.categoryName ?? "—", className: "text-slate-600" },
    { header: "Status", cell: (row) => STATUS_LABELS[row.status] },
    {
      header: "First seen",
      cell: (row) => formatTime(row.firstSeen),
      className: "whitespace-nowrap text-slate-600",
    },
    {
      header: "Last seen",
      cell: (row) => formatTime(row.lastSeen),
      className: "whitespace-nowrap text-slate-600",
    },
    {
      header: "30-day volume",
      cell: (row) => row.volume30d.toLocaleString("en"),
      className: "text-right font-mono text-slate-600",
    },
  ];
  return (
    <DataTable
      className="mt-3"
      variant="plain"
      columns={columns}
      rows={eventTypes}
      rowKey={(row) => row.eventType}
      empty="No event types yet: they appear here within a minute of their first event."
    />
  );
}
