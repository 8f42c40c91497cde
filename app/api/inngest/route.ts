import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { inngestConfigured } from "@/inngest/configured";
import { functions } from "@/inngest/functions";
import { issuerUrl } from "@/lib/env";

// Inngest Cloud (or an Inngest dev server with INNGEST_DEV=1) calls the export functions here.
// Each request runs steps until the checkpointing budget, then hands the rest to the next
// request; a step does bounded work (one staged file, or a few files' COPY INTO), so the
// budget stays under the function's time limit (Vercel: 300 s by default).
// https://vercel.com/docs/functions/configuring-functions/duration
export const maxDuration = 300;

// The functions are registered at the deployment's fixed public origin (ISSUER_URL), never at
// whatever Host a request names; where Inngest is not configured the route does not exist.
let handlers: ReturnType<typeof serve> | undefined;
const served = () => (handlers ??= serve({ client: inngest, functions, serveOrigin: issuerUrl() }));

type Handler = (request: NextRequest, context: { params: Promise<object> }) => Promise<Response>;
const whenConfigured =
  (method: "GET" | "POST" | "PUT"): Handler =>
  (request, context) =>
    inngestConfigured()
      ? served()[method](request, context)
      : Promise.resolve(new Response("Not found", { status: 404 }));

export const GET = whenConfigured("GET");
export const POST = whenConfigured("POST");
export const PUT = whenConfigured("PUT");
