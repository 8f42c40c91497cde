import type { Step } from "@/lib/exports/export-workflow";

/**
 * The export workflow's Step over Inngest's step tools. The workflow's step results are small
 * plain-JSON objects by design, so Inngest's JSON round trip of memoised results returns them
 * unchanged.
 */
export function workflowSteps(step: {
  run: (name: string, work: () => Promise<unknown>) => Promise<unknown>;
}): Step {
  return { run: (name, work) => step.run(name, work) as Promise<Awaited<ReturnType<typeof work>>> };
}
