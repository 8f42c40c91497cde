type Run = { id: string; at: Date; rows: number | null; durationMs: number | null; failed: boolean };

const WIDTH = 640;
const HEIGHT = 160;
// Room for the axes' labels: rows on the left, seconds on the right, times below.
const LEFT = 56;
const RIGHT = 44;
const TOP = 8;
const BOTTOM = 28;

const compact = (n: number) =>
  n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `${+(n / 1_000).toFixed(1)}k` : String(n);
const shortTime = (date: Date) => `${date.toISOString().slice(5, 10)} ${date.toISOString().slice(11, 16)}`;

/**
 * Rows delivered per run (bars, left axis) and each run's duration (dots, right axis), oldest to
 * newest along a time axis (UTC) labelled at the first, middle and last run.
 */
export function RunsChart({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No finished runs yet.</p>;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const maxRows = Math.max(1, ...runs.map((run) => run.rows ?? 0));
  const maxSeconds = Math.max(1, Math.ceil(Math.max(...runs.map((run) => run.durationMs ?? 0)) / 1000));
  const slot = plotWidth / runs.length;
  const y = (fraction: number) => TOP + plotHeight - fraction * plotHeight;
  const ticks = [0, 0.5, 1];
  const labelled = [...new Set([0, Math.floor((runs.length - 1) / 2), runs.length - 1])];
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Rows and duration of the last ${runs.length} runs, from ${shortTime(runs[0]!.at)} to ${shortTime(runs.at(-1)!.at)} UTC`}
        className="h-44 w-full text-[10px]"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} className="stroke-slate-200" />
            <text x={LEFT - 6} y={y(tick) + 3} textAnchor="end" className="fill-slate-500">
              {compact(Math.round(maxRows * tick))}
            </text>
            <text x={WIDTH - RIGHT + 6} y={y(tick) + 3} className="fill-amber-600">
              {`${Math.round(maxSeconds * tick)} s`}
            </text>
          </g>
        ))}
        {runs.map((run, i) => {
          const barHeight = ((run.rows ?? 0) / maxRows) * plotHeight;
          const x = LEFT + i * slot;
          return (
            <g key={run.id}>
              <rect
                x={x + slot * 0.15}
                y={TOP + plotHeight - barHeight}
                width={slot * 0.7}
                height={barHeight}
                className={run.failed ? "fill-red-300" : "fill-brand-600/70"}
              >
                <title>{`${shortTime(run.at)} UTC: ${(run.rows ?? 0).toLocaleString("en")} rows, ${Math.round((run.durationMs ?? 0) / 1000)} s${run.failed ? ", failed" : ""}`}</title>
              </rect>
              <circle
                cx={x + slot / 2}
                cy={y((run.durationMs ?? 0) / 1000 / maxSeconds)}
                r={3}
                className="fill-amber-500"
              />
            </g>
          );
        })}
        {labelled.map((i) => (
          <text
            key={i}
            x={LEFT + i * slot + slot / 2}
            y={HEIGHT - 8}
            textAnchor={i === 0 ? "start" : i === runs.length - 1 ? "end" : "middle"}
            className="fill-slate-500"
          >
            {shortTime(runs[i]!.at)}
          </text>
        ))}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-slate-500">
        <span>
          <span className="mr-1 inline-block h-2 w-2 bg-brand-600/70" />
          rows per run (left axis)
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 rounded-full bg-amber-500" />
          duration in seconds (right axis)
        </span>
        <span>times in UTC</span>
      </figcaption>
    </figure>
  );
}
