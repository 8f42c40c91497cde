import type { ConnectionCheck } from "@/lib/destinations/verify-connection";

const ICONS = { passed: "✓", failed: "✗", skipped: "–" } as const;
const COLORS = { passed: "text-green-700", failed: "text-red-700", skipped: "text-slate-400" } as const;

/** What Verify connection found: each check, and what to fix. */
export function ConnectionChecklist({ checks }: { checks: ConnectionCheck[] }) {
  return (
    <section
      aria-labelledby="checklist"
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h3 id="checklist" className="font-semibold">
        Connection check
      </h3>
      <ul className="mt-2 space-y-1 text-sm">
        {checks.map((check) => (
          <li key={check.key} className="flex gap-2">
            <span aria-hidden="true" className={`w-4 font-bold ${COLORS[check.status]}`}>
              {ICONS[check.status]}
            </span>
            <span>
              <span className="font-medium">{check.label}</span>:{" "}
              <span className="sr-only">{check.status}. </span>
              <span className="text-slate-600">{check.message}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
