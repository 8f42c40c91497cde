import { Inngest } from "inngest";

/**
 * The jobs client: Inngest Cloud in production, an Inngest dev server with INNGEST_DEV=1.
 * Checkpointing runs steps back to back within one request for up to 240 s, below the route's
 * 300 s `maxDuration` (app/api/inngest/route.ts), then continues in a new request.
 * https://www.inngest.com/docs/setup/checkpointing
 */
export const inngest = new Inngest({ id: "deltaport", checkpointing: { maxRuntime: "240s" } });
