import type { ConnectionCheck } from "@/lib/destinations/verify-connection";
import { CardSection } from "@/components/ui/card";

const ICONS = { passed: "✓", failed: "✗", skipped: "–" } as const;
const COLORS = { passed: "text-green-700", failed: "text-red-700", skipped: "text-slate-400" } as const;

/** What Verify connection found: each check, and what to fix. */
export function ConnectionChecklist({ checks }: { checks: ConnectionCheck[] }) {
  return (
    <CardSection id="checklist" title="Connection check">
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
    </CardSection>
  );
}
