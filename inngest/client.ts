import { Inngest } from "inngest";

/** The jobs client: Inngest Cloud in production, an Inngest dev server with INNGEST_DEV=1. */
export const inngest = new Inngest({ id: "deltaport" });
