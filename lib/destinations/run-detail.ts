import "server-only";
import { db } from "@/lib/db/prisma";
import { describeFilter, EventFilter } from "@/lib/exports/event-filter";
import type { RunTarget } from "@/lib/exports/plan-run";
import { runSteps } from "@/lib/exports/run-steps";

/** One run of a destination of the project, as its detail page shows it; null for another's. */
export async function findRunDetail(projectId: string, destinationId: string, runId: string) {
  const run = await db.exportRun.findFirst({
    where: { id: runId, destinationId, destination: { projectId, deletedAt: null } },
    include: {
      configSnapshot: {
        select: { id: true, configVersion: true, takenAt: true, deliveredAt: true, views: true },
      },
    },
  });
  if (!run) return null;
  const target = run.target as RunTarget | null;
  const filter = run.filter ? EventFilter.safeParse(run.filter) : null;
  return {
    run,
    steps: await runSteps(run.id),
    table: target ? `${target.catalog}.${target.schema}.${target.table}` : null,
    mergedIdsTable: target?.mergedIdsTable
      ? `${target.catalog}.${target.schema}.${target.mergedIdsTable}`
      : null,
    filter: filter?.success ? describeFilter(filter.data) : null,
  };
}
