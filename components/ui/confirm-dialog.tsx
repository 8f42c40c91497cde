"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "@/components/ui/button";

type Props = {
  id: string;
  /** The label of the button that opened it: "Yes, <label>" confirms. */
  label: string;
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * Asks before a destructive action, beside the button that opened it. It takes focus when it
 * opens (on Cancel, the harmless choice); Escape cancels.
 */
export function ConfirmDialog({ id, label, question, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  useEffect(() => {
    cancel.current?.focus();
  }, []);
  return (
    <div
      id={id}
      role="alertdialog"
      aria-label={`Confirm: ${label}`}
      aria-describedby={questionId}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        onCancel();
      }}
      className="max-w-sm rounded-lg border border-red-200 bg-red-50 p-3 text-sm"
    >
      <p id={questionId} className="text-red-800">
        {question}
      </p>
      <div className="mt-2 flex gap-2">
        <Button variant="danger-solid" size="sm" onClick={onConfirm}>
          Yes, {label.toLowerCase()}
        </Button>
        <Button ref={cancel} size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
