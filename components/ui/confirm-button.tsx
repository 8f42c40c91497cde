"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cx } from "@/components/ui/cx";
import { PermissionNote } from "@/components/ui/permission-note";

type Props = {
  label: string;
  /** The server action, its scope (and input) bound. */
  action: () => Promise<ActionResult>;
  /** The question asked first; the action runs only once it is answered "Yes". */
  confirm?: string;
  /** Why the caller's role may not use it: the button is disabled and the sentence shown beside it. */
  disabledReason?: string;
  /** Disabled for a reason the form around it already shows (an invalid field). */
  disabled?: boolean;
  /** The button's text while the action runs; without it the label stays. */
  pendingLabel?: string;
  /**
   * "toolbar": a small button, what happened said below it; "form": the form's main button
   * (primary), what happened said beside it.
   */
  placement?: "toolbar" | "form";
  /** Secondary in a toolbar, primary in a form, unless told. */
  variant?: ButtonVariant;
  onResult?: (result: ActionResult) => void;
};

/** A button that runs a server action, optionally after a confirmation, and says what happened. */
export function ConfirmButton({
  label,
  action,
  confirm,
  disabledReason,
  disabled,
  pendingLabel,
  placement = "toolbar",
  variant,
  onResult,
}: Props) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionResult>();
  const [pending, startTransition] = useTransition();
  const trigger = useRef<HTMLButtonElement>(null);
  const restoreFocus = useRef(false);
  const noteId = useId();
  const dialogId = useId();

  // Once the dialog has closed and the action is over, focus goes back to the button, unless
  // the user has put it somewhere else meanwhile.
  useEffect(() => {
    if (confirming || pending || !restoreFocus.current) return;
    restoreFocus.current = false;
    if (!document.activeElement || document.activeElement === document.body) trigger.current?.focus();
  }, [confirming, pending]);

  const close = () => {
    restoreFocus.current = true;
    setConfirming(false);
  };
  const run = () =>
    startTransition(async () => {
      const outcome = await action();
      setResult(outcome);
      onResult?.(outcome);
      close();
    });

  const toolbar = placement === "toolbar";
  return (
    <div className={toolbar ? "space-y-1" : "flex flex-wrap items-center gap-x-3 gap-y-1"}>
      <Button
        ref={trigger}
        variant={variant ?? (toolbar ? "secondary" : "primary")}
        size={toolbar ? "sm" : "md"}
        disabled={disabled || Boolean(disabledReason) || pending}
        aria-describedby={disabledReason ? noteId : undefined}
        aria-expanded={confirm ? confirming : undefined}
        aria-controls={confirming ? dialogId : undefined}
        onClick={() => (confirm ? setConfirming(true) : run())}
      >
        {pending && pendingLabel ? pendingLabel : label}
      </Button>
      {disabledReason && (
        <PermissionNote id={noteId} className={toolbar ? "max-w-52" : undefined}>
          {disabledReason}
        </PermissionNote>
      )}
      {confirming && confirm && (
        <ConfirmDialog id={dialogId} label={label} question={confirm} onConfirm={run} onCancel={close} />
      )}
      {result && (
        <p
          role="status"
          className={cx(toolbar ? "text-xs" : "text-sm", result.ok ? "text-green-700" : "text-red-700")}
        >
          {result.message}
        </p>
      )}
    </div>
  );
}
