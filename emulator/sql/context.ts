// What every statement handler works with.
import type { TableEngine } from "./engine.ts";
import type { SessionContext, UnityCatalog } from "./unity-catalog.ts";
import type { StagingUrls } from "../staging.ts";

export type StatementResult = {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** A staging (PUT / GET / REMOVE) answer: the driver performs the transfer itself. */
  staging?: boolean;
};

export type ExecutionContext = {
  uc: UnityCatalog;
  engine: TableEngine;
  session: SessionContext;
  volumesDir: string;
  stagingUrls: StagingUrls;
  /** Named parameter values (`:name`), already rendered as SQL literals. */
  parameters: Record<string, string>;
  /** Principals that exist, for GRANT validation. */
  knownPrincipals: () => string[];
  /** Called before a COPY INTO loads and after it committed, for fault injection. */
  copyHook?: (phase: "before" | "after") => void;
};

export const NO_ROWS: StatementResult = { columns: [], rows: [] };

export const resultOf = (columns: [string, string][], rows: unknown[][]): StatementResult => ({
  columns: columns.map(([name, type]) => ({ name, type })),
  rows,
});
