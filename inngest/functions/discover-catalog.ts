import { inngest } from "@/inngest/client";
import {
  DISCOVERY_STEPS_PER_PROJECT,
  DISCOVERY_STEPS_PER_RUN,
  discoverProject,
  projectsToDiscover,
} from "@/lib/catalog/discovery";

// Every minute: the event catalog catches up with the events stored since its last pass, one
// bounded step (at most DISCOVERY_STEP_EVENTS events) after another for each project with new
// events. Ingest writes nothing for the catalog; this reads what it stored. `singleton` skips a
// tick while the previous run still works, and each step's lock on its project's watermark keeps
// any other worker from counting the same events twice. A backlog beyond the run's step budget
// continues at the next tick, least recently discovered projects first.
export const discoverCatalog = inngest.createFunction(
  { id: "discover-catalog", triggers: [{ cron: "* * * * *" }], singleton: { mode: "skip" } },
  async ({ step }) => {
    const projectIds = await step.run("find-projects-with-new-events", () => projectsToDiscover());
    let events = 0;
    let steps = 0;
    for (const projectId of projectIds) {
      for (let n = 0; n < DISCOVERY_STEPS_PER_PROJECT && steps < DISCOVERY_STEPS_PER_RUN; n++) {
        const { read, more } = await step.run(`discover-${projectId}-${n}`, () => discoverProject(projectId));
        steps++;
        events += read;
        if (!more) break;
      }
    }
    return { projects: projectIds.length, steps, events };
  },
);
