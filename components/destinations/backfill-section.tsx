"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { BackfillProgress } from "@/lib/destinations/backfills";
import type { RetentionFacts } from "@/lib/events/retention";
import { formatDuration } from "@/lib/format";
import { BackfillFromField } from "@/components/destinations/backfill-from-field";
import { Button } from "@/components/ui/button";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PermissionNote } from "@/components/ui/permission-note";

type Props = {
  progress: BackfillProgress | null;
  /** The destination's time floor: a backfill ends there. */
  exportFrom: Date;
  retention: RetentionFacts;
  start: (input: { backfillFrom: string; redeliver: boolean }) => Promise<ActionResult>;
  cancel: () => Promise<ActionResult>;
  disabledReason?: string;
};

const day = (date: Date) => date.toISOString().slice(0, 10);
const count = (n: number) => n.toLocaleString("en-US");

/** Historical backfill: its progress, Backfill (from a day, optionally again), and Cancel backfill. */
export function BackfillSection({ progress, exportFrom, retention, start, cancel, disabledReason }: Props) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(() => day(new Date(exportFrom.getTime() - 30 * 86_400_000)));
  const [redeliver, setRedeliver] = useState(false);
  // What Start backfill said: the form closes on success, the sentence stays.
  const [started, setStarted] = useState<string>();
  const running = progress?.status === "RUNNING";

  return (
    <CardSection id="backfill-heading" title="Historical backfill">
      <p className="mt-1 text-sm text-slate-600">
        Delivers the events uploaded before {day(exportFrom)} (where the recurring export starts), in chunks
        beside the recurring export.
      </p>
      {started && (
        <p role="status" className="mt-2 text-sm text-slate-700">
          {started}
        </p>
      )}
      {progress && <Progress progress={progress} />}
      <div className="mt-3 flex flex-wrap items-start gap-3">
        {running ? (
          <ConfirmButton
            label="Cancel backfill"
            pendingLabel="Working…"
            variant="danger"
            confirm="The backfill stops after its current step. What it delivered stays in the table."
            action={cancel}
            disabledReason={disabledReason}
          />
        ) : (
          !open && (
            <div>
              <Button
                size="sm"
                onClick={() => setOpen(true)}
                disabled={Boolean(disabledReason)}
                aria-describedby={disabledReason ? "backfill-reason" : undefined}
              >
                Backfill
              </Button>
              {disabledReason && <PermissionNote id="backfill-reason">{disabledReason}</PermissionNote>}
            </div>
          )
        )}
      </div>
      {open && !running && (
        <div className="mt-3 space-y-3 text-sm">
          <BackfillFromField
            value={from}
            max={day(new Date(exportFrom.getTime() - 86_400_000))}
            retention={retention}
            onChange={setFrom}
          />
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              className="mt-1"
              checked={redeliver}
              onChange={(event) => setRedeliver(event.target.checked)}
              aria-describedby="redeliver-warning"
            />
            <span>
              Deliver again
              <span id="redeliver-warning" className="block text-slate-500">
                Only if the table lost these events (dropped or truncated): rows still in the table will be
                duplicated.
              </span>
            </span>
          </label>
          <div className="flex gap-2">
            <ConfirmButton
              label="Start backfill"
              pendingLabel="Starting…"
              placement="form"
              action={() => start({ backfillFrom: from, redeliver })}
              onResult={(result) => {
                if (!result.ok) return;
                setOpen(false);
                setStarted(result.message);
              }}
            />
            <Button size="sm" onClick={() => setOpen(false)}>
              Close
            </Button>
          </div>
        </div>
      )}
    </CardSection>
  );
}

function Progress({ progress }: { progress: BackfillProgress }) {
  const { status, percent, estimatedRows, deliveredRows, chunksDone, chunksTotal, etaMs } = progress;
  return (
    <div className="mt-3 space-y-1 text-sm">
      <p>
        Backfill of {day(progress.from)} to {day(progress.to)}:{" "}
        {status === "COMPLETED" ? "Backfill completed" : status.toLowerCase()}
      </p>
      {percent !== null && (
        <div
          role="progressbar"
          aria-label="Backfill progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-2 w-full max-w-md overflow-hidden rounded bg-slate-200"
        >
          <div className="h-full bg-brand-600" style={{ width: `${percent}%` }} />
        </div>
      )}
      <p className="text-slate-600">
        {count(deliveredRows)} events delivered
        {estimatedRows !== null && status !== "COMPLETED" ? ` of about ${count(estimatedRows)}` : ""}; chunks{" "}
        {chunksDone}
        {chunksTotal !== null ? ` of ${chunksTotal}` : ""}
        {etaMs !== null ? `; about ${formatDuration(etaMs)} left` : ""}
      </p>
    </div>
  );
}
