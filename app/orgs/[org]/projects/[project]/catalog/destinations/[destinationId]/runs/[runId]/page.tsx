import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { findRunDetail } from "@/lib/destinations/run-detail";
import { formatBytes, formatDuration, formatTime } from "@/lib/format";
import { catalogPath } from "@/lib/paths";
import { RefreshWhile } from "@/components/refresh-while";
import { CardSection } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Run" };

type Props = { params: Promise<{ org: string; project: string; destinationId: string; runId: string }> };

/** Label and value rows of a definition list. */
function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="break-all text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function RunPage({ params }: Props) {
  const { org, project, destinationId, runId } = await params;
  const access = await requireProjectAccess(org, project);
  const detail = await findRunDetail(access.project.id, destinationId, runId);
  if (!detail) notFound();
  const { run, steps, table, mergedIdsTable, filter } = detail;
  const destinationHref = `${catalogPath(access.organization.slug, access.project.slug, "destinations")}/${destinationId}`;
  const active = run.status === "QUEUED" || run.status === "RUNNING";
  const window = run.backfillId
    ? `Events uploaded from ${formatTime(run.fromTime)} to ${formatTime(run.toTime)} (a backfill chunk)`
    : run.toTxid === null
      ? "Not frozen yet: the run is queued."
      : `Transactions ${run.fromTxid === null ? "from the export's start" : `from ${run.fromTxid}`} up to ${run.toTxid}, events stored from ${formatTime(run.exportFrom)}${run.capped ? "; capped at the run's row limit, so the next run followed at once" : ""}`;
  return (
    <div className="space-y-6">
      <RefreshWhile active={active} />
      <p className="text-sm">
        <Link href={destinationHref} className="text-brand-700 hover:underline">
          ← {table ?? "Destination"}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold tracking-tight">
        Run {run.status.toLowerCase()}
        {run.trigger === "MANUAL" ? " (run now)" : run.trigger === "BACKFILL" ? " (backfill)" : ""}
      </h1>
      <CardSection id="run-heading" title="Run" className="space-y-3">
        <Facts
          rows={[
            ["Run", <code key="id">{run.id}</code>],
            ["Queued", formatTime(run.queuedAt)],
            ["Started", formatTime(run.startedAt)],
            ["Finished", formatTime(run.finishedAt)],
            [
              "Duration",
              formatDuration(
                run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
              ),
            ],
            ["Attempts", String(run.attempts)],
            ["Window", window],
            ["Filter", filter ?? "—"],
            ["Table", table ?? "—"],
            ...(mergedIdsTable ? ([["Merged IDs table", mergedIdsTable]] as [string, string][]) : []),
            ["Rows", run.rows?.toLocaleString("en") ?? "—"],
            ...(run.mergeRows !== null
              ? ([["Merged IDs rows", run.mergeRows.toLocaleString("en")]] as [string, string][])
              : []),
            ["Bytes staged", formatBytes(run.bytes)],
            ["Files", run.files.length ? `${run.files.length}: ${run.files.join(", ")}` : "—"],
            ...(run.mergeFiles.length
              ? ([["Merge files", run.mergeFiles.join(", ")]] as [string, string][])
              : []),
            ...(run.configSnapshot
              ? ([
                  [
                    "Data configuration",
                    `snapshot ${run.configSnapshot.id} (version ${run.configSnapshot.configVersion}, taken ${formatTime(run.configSnapshot.takenAt)})${run.configSnapshot.deliveredAt ? ", delivered" : ""}`,
                  ],
                ] as [string, string][])
              : []),
            ...(run.errorClass
              ? ([
                  [
                    "Error",
                    <span
                      key="error"
                      className="text-red-700"
                    >{`${run.errorClass}: ${run.errorMessage ?? ""}`}</span>,
                  ],
                ] as [string, React.ReactNode][])
              : []),
          ]}
        />
      </CardSection>
      <CardSection id="steps-heading" title="Steps" className="space-y-3">
        <p className="text-sm text-slate-600">
          Every step as the worker ran it, retries included; a step that failed and was retried shows its
          error.
        </p>
        <DataTable
          variant="plain"
          rows={steps}
          rowKey={(step) => step.id}
          empty={active ? "No step has finished yet." : "No step was recorded for this run."}
          columns={[
            { header: "Step", cell: (step) => step.name },
            { header: "Attempt", cell: (step) => String(step.attempt) },
            { header: "Started", cell: (step) => formatTime(step.startedAt), className: "whitespace-nowrap" },
            {
              header: "Took",
              cell: (step) => (step.ms < 10_000 ? `${step.ms} ms` : formatDuration(step.ms)),
            },
            { header: "Outcome", cell: (step) => step.outcome },
            { header: "Error", cell: (step) => step.error ?? "", className: "text-red-700" },
          ]}
        />
      </CardSection>
    </div>
  );
}
