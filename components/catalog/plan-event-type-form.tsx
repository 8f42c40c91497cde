"use client";

import { useState } from "react";
import { fieldErrorsOf, type ActionResult } from "@/lib/actions/action-result";
import { PlanEventTypeInput } from "@/lib/catalog/catalog-input";
import { Field } from "@/components/destinations/field";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Props = {
  /** The server action, its scope bound. */
  plan: (input: PlanEventTypeInput) => Promise<ActionResult>;
  disabledReason?: string;
};

/** Adds an event type that no event has carried yet to the catalog, as planned. */
export function PlanEventTypeForm({ plan, disabledReason }: Props) {
  const [eventType, setEventType] = useState("");
  const [serverError, setServerError] = useState<string>();
  const parsed = PlanEventTypeInput.safeParse({ eventType });
  // Nothing is said about a field no one has typed in yet.
  const typedError = eventType !== "" && !parsed.success ? fieldErrorsOf(parsed.error).eventType : undefined;
  return (
    <fieldset disabled={Boolean(disabledReason)} className="space-y-3">
      <Field
        label="Plan an event type"
        hint="An event type your apps will send: it is listed as planned until its first event arrives."
        value={eventType}
        onChange={(value) => {
          setEventType(value);
          setServerError(undefined);
        }}
        error={typedError ?? serverError}
      />
      <ConfirmButton
        label="Plan event type"
        pendingLabel="Saving…"
        placement="form"
        variant="secondary"
        disabled={!parsed.success}
        disabledReason={disabledReason}
        action={async () => {
          if (!parsed.success) return { ok: false, message: "Some fields need attention." };
          const result = await plan(parsed.data);
          if (result.ok) setEventType("");
          else setServerError(result.fieldErrors?.eventType);
          return result;
        }}
      />
    </fieldset>
  );
}
