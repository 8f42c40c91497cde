// The bounds that keep every export step small enough for a serverless function, whatever the
// backlog: a run delivers at most RUN_MAX_ROWS events (what is left goes to the next run, due at
// once), writes one staged file per step, and copies COPY_FILES_PER_STEP files per step.
//
// Measured on 2 cores: a 250,000-row Parquet file takes ≈ 2-3 s to read out of PostgreSQL and
// convert, and its PUT a second or two; a COPY INTO of 20 files of that size is one warehouse
// statement. Vercel's limit is 300 s by default (800 s at most).

/** Events per run; the window is cut at a transaction boundary at or below this. */
export const RUN_MAX_ROWS = 1_000_000;

/**
 * Bytes per run, measured as the rows' JSON text (a format-free measure of their size): rows
 * are capped further when the window's rows are large, estimated from a sample at planning time.
 */
export const RUN_MAX_BYTES = 1024 * 1024 * 1024;

/** Rows per staged file: one file is written and PUT per step. */
export const FILE_MAX_ROWS = 250_000;

/**
 * Bytes of rows per staged file, as read from PostgreSQL (CSV for Parquet files): a file ends
 * after the row that reaches it, so large rows make smaller files and local disk stays bounded.
 */
export const FILE_MAX_BYTES = 128 * 1024 * 1024;

/** Files per COPY INTO step (a statement takes at most 1000). */
export const COPY_FILES_PER_STEP = 20;

/** How long a worker's claim on a run lasts without a step renewing it. */
export const LEASE_MS = 5 * 60_000;

/**
 * Steps one function run takes before it ends and leaves the rest of a backlog to the next
 * (Inngest allows 1,000 steps per function run).
 */
export const STEP_BUDGET = 200;

/**
 * Attempts of a run (each one dispatch, with its step retries) after which an error Deltaport
 * does not recognise fails the run, rather than keep the customer's warehouse awake for ever.
 */
export const UNKNOWN_ERROR_RUN_ATTEMPTS = 3;
