import Link from "next/link";
import { formatBytes, formatDuration, formatTime } from "@/lib/format";
import type { ExportRun } from "@/lib/generated/prisma/browser";
import { RunsChart } from "@/components/destinations/runs-chart";
import { CardSection } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";

type Run = Pick<
  ExportRun,
  | "id"
  | "status"
  | "trigger"
  | "queuedAt"
  | "startedAt"
  | "finishedAt"
  | "rows"
  | "mergeRows"
  | "bytes"
  | "errorClass"
  | "errorMessage"
>;

const durationOf = (run: Run) =>
  run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;

const columnsFor = (mergedIds: boolean, runsPath: string): Column<Run>[] => [
  {
    header: "Queued",
    cell: (run) => (
      <Link href={`${runsPath}/${run.id}`} className="text-brand-700 underline-offset-2 hover:underline">
        {formatTime(run.queuedAt)}
      </Link>
    ),
    className: "whitespace-nowrap",
  },
  {
    header: "Status",
    cell: (run) =>
      `${run.status.toLowerCase()}${run.trigger === "MANUAL" ? " (run now)" : run.trigger === "BACKFILL" ? " (backfill)" : ""}`,
  },
  { header: mergedIds ? "Events" : "Rows", cell: (run) => run.rows?.toLocaleString("en") ?? "—" },
  ...(mergedIds
    ? [{ header: "Merged IDs", cell: (run: Run) => run.mergeRows?.toLocaleString("en") ?? "—" }]
    : []),
  { header: "Bytes", cell: (run) => formatBytes(run.bytes) },
  { header: "Duration", cell: (run) => formatDuration(durationOf(run)) },
  {
    header: "Error",
    cell: (run) => (run.errorClass ? `${run.errorClass}: ${run.errorMessage ?? ""}` : ""),
    className: "text-red-700",
  },
];

/** The destination's runs, newest first: a chart of the finished ones, and a table of all; with `mergedIds`, each run's rows of both tables. */
export function RunsSection({
  runs,
  nextRunAt,
  mergedIds = false,
  runsPath,
}: {
  runs: Run[];
  nextRunAt: Date | null;
  mergedIds?: boolean;
  /** Where the runs' detail pages are: `<runsPath>/<run id>`. */
  runsPath: string;
}) {
  const finished = runs.filter((run) => run.finishedAt).reverse();
  return (
    <CardSection id="runs-heading" title="Runs">
      <div className="mt-3">
        <RunsChart
          runs={finished.map((run) => ({
            id: run.id,
            at: run.queuedAt,
            rows: run.rows,
            durationMs: durationOf(run),
            failed: run.status === "FAILED",
          }))}
        />
      </div>
      <DataTable
        variant="plain"
        className="mt-3"
        columns={columnsFor(mergedIds || runs.some((run) => run.mergeRows !== null), runsPath)}
        rows={runs}
        rowKey={(run) => run.id}
        empty={`No runs yet. The first run starts at ${formatTime(nextRunAt)} and verifies the credential end to end.`}
      />
    </CardSection>
  );
}
