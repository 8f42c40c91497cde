"use client";

import { useReducer, useTransition } from "react";
import { useRouter } from "next/navigation";
import { fieldErrorsOf, type ActionResult } from "@/lib/actions/action-result";
import { destinationInputSchema } from "@/lib/destinations/destination-input";
import type { ConnectionCheck } from "@/lib/destinations/verify-connection";
import type { RetentionFacts } from "@/lib/events/retention";
import type { CustomEventOption } from "@/components/destinations/filter-builder";
import { GetStartedStep } from "@/components/destinations/get-started-step";
import { SetUpStep } from "@/components/destinations/set-up-step";
import type { PolicyContext } from "@/components/destinations/setup-snippets";
import {
  initialWizardState,
  wizardInput,
  wizardReducer,
  type WizardStep,
} from "@/components/destinations/wizard-state";
import { cx } from "@/components/ui/cx";

type Props = PolicyContext & {
  /** The Destinations tab's URL; a destination's page is below it. */
  destinationsUrl: string;
  create: (input: unknown) => Promise<ActionResult<{ destinationId: string }>>;
  verify: (input: unknown) => Promise<ActionResult<{ checks: ConnectionCheck[] }>>;
  /** The project's live custom events, which the filter may select. */
  customEvents: readonly CustomEventOption[];
  /** What retention keeps, for the backfill day. */
  retention: RetentionFacts;
};

const STEPS: { step: WizardStep; label: string }[] = [
  { step: "get-started", label: "Get started" },
  { step: "set-up", label: "Set up" },
];

/** The two-step Databricks wizard: "Get started" (schedule, filter) and "Set up" (credential, target). */
export function DatabricksWizard({
  destinationsUrl,
  create,
  verify,
  customEvents,
  retention,
  ...context
}: Props) {
  const router = useRouter();
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
  const [pending, startTransition] = useTransition();
  const { destinationId } = context;

  const input = wizardInput(state);
  const parsed = destinationInputSchema(context.allowedHosts).safeParse(input);
  const errors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...state.serverErrors };
  const rejected = (result: { message: string; fieldErrors?: Record<string, string> }) =>
    dispatch({ type: "rejected", message: result.message, fieldErrors: result.fieldErrors });

  const finish = () => {
    dispatch({ type: "finish", valid: parsed.success });
    if (!parsed.success) return;
    startTransition(async () => {
      const backfill = state.backfillFrom !== null ? { backfillFrom: state.backfillFrom } : {};
      const result = await create({ ...parsed.data, destinationId, ...backfill });
      if (result.ok && result.data) router.push(`${destinationsUrl}/${result.data.destinationId}`);
      else if (!result.ok) rejected(result);
    });
  };

  const runVerify = () => {
    dispatch({ type: "verify" });
    startTransition(async () => {
      const result = await verify({ ...input, destinationId });
      if (result.ok && result.data) dispatch({ type: "verified", checks: result.data.checks });
      else if (!result.ok) rejected(result);
    });
  };

  return (
    <div>
      <ol aria-label="Steps" className="mb-6 flex gap-2 text-sm">
        {STEPS.map(({ step, label }, index) => (
          <li
            key={step}
            aria-current={state.step === step ? "step" : undefined}
            className={cx(
              "rounded-full px-3 py-1",
              state.step === step ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600",
            )}
          >
            {index + 1}. {label}
          </li>
        ))}
      </ol>
      {state.step === "get-started" ? (
        <GetStartedStep
          frequencyMinutes={state.frequencyMinutes}
          draft={state.draft}
          backfillFrom={state.backfillFrom}
          exportMergedIds={state.exportMergedIds}
          exportDataConfig={state.exportDataConfig}
          dispatch={dispatch}
          customEvents={customEvents}
          retention={retention}
        />
      ) : (
        <SetUpStep
          state={state}
          errors={errors}
          context={context}
          pending={pending}
          dispatch={dispatch}
          onVerify={runVerify}
          onFinish={finish}
        />
      )}
    </div>
  );
}
