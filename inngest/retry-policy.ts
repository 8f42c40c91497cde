// How often a step of a job is retried after a transient failure: one number for Inngest
// (`retries` counts attempts after the first) and for the local runner, which runs the same
// workflow where no Inngest server is configured. An error that retrying cannot fix is not
// thrown by the workflow: it fails the run at once, whatever this says.
export const STEP_RETRIES = 5;

/** The local runner's backoff: the first retry after about this long, doubling each time. */
export const RETRY_BASE_DELAY_MS = 1000;
