type Run = { id: string; rows: number | null; durationMs: number | null; failed: boolean };

/** Rows delivered per run (bars) and each run's duration (dots), oldest to newest. */
export function RunsChart({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No finished runs yet.</p>;
  const width = 600;
  const height = 120;
  const maxRows = Math.max(1, ...runs.map((run) => run.rows ?? 0));
  const maxDuration = Math.max(1, ...runs.map((run) => run.durationMs ?? 0));
  const slot = width / runs.length;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Rows and duration of the last ${runs.length} runs`}
        className="h-32 w-full"
      >
        {runs.map((run, i) => {
          const barHeight = ((run.rows ?? 0) / maxRows) * (height - 10);
          const durationY = height - ((run.durationMs ?? 0) / maxDuration) * (height - 10) - 2;
          return (
            <g key={run.id}>
              <rect
                x={i * slot + slot * 0.15}
                y={height - barHeight}
                width={slot * 0.7}
                height={barHeight}
                className={run.failed ? "fill-red-300" : "fill-brand-600/70"}
              >
                <title>{`${run.rows ?? 0} rows, ${Math.round((run.durationMs ?? 0) / 1000)} s`}</title>
              </rect>
              <circle cx={i * slot + slot / 2} cy={durationY} r={3} className="fill-amber-500" />
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-slate-500">
        <span>
          <span className="mr-1 inline-block h-2 w-2 bg-brand-600/70" />
          rows per run (max {maxRows.toLocaleString("en")})
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 rounded-full bg-amber-500" />
          duration (max {Math.round(maxDuration / 1000)} s)
        </span>
      </figcaption>
    </figure>
  );
}
