import "server-only";
import { logUnexpectedError } from "@/lib/errors";
import { requestAddress } from "@/lib/client-address";
import { handleIngest } from "@/lib/ingest/handle-ingest";
import type { IngestEndpoint } from "@/lib/ingest/limits";

// The ingest routes' HTTP shell: CORS for browser SDKs, the client address for "$remote",
// and a 500 that says nothing of the failure (a 5xx means "maybe stored": clients retry).

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  // Content-Encoding: the browser SDK gzips bodies of 2 KiB or more when asked to.
  "access-control-allow-headers": "Content-Type, Accept, Content-Encoding",
  "access-control-max-age": "86400",
};

export function ingestRoute(endpoint: IngestEndpoint) {
  return {
    async POST(request: Request): Promise<Response> {
      try {
        const answer = await handleIngest(request, endpoint, requestAddress(request.headers));
        return Response.json(answer.body, {
          status: answer.status,
          headers: { ...CORS, ...answer.headers },
        });
      } catch (error) {
        const reference = logUnexpectedError("ingest", error);
        return Response.json(
          { code: 500, error: `Internal error (reference ${reference}); retry with the same insert_id.` },
          { status: 500, headers: CORS },
        );
      }
    },
    OPTIONS(): Response {
      return new Response(null, { status: 204, headers: CORS });
    },
  };
}
