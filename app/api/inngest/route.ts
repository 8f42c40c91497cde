import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

// Inngest Cloud (or an Inngest dev server with INNGEST_DEV=1) calls the export functions here.
// Each request runs steps until the checkpointing budget, then hands the rest to the next
// request; a step does bounded work (one staged file, or a few files' COPY INTO), so the
// budget stays under the function's time limit (Vercel: 300 s by default).
// https://vercel.com/docs/functions/configuring-functions/duration
export const maxDuration = 300;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
