import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

// Inngest Cloud (or an Inngest dev server with INNGEST_DEV=1) calls the export functions here.
export const { GET, POST, PUT } = serve({ client: inngest, functions });
