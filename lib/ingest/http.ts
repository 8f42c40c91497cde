import "server-only";
import { logUnexpectedError } from "@/lib/errors";
import { requestAddress } from "@/lib/client-address";
import { handleIdentify } from "@/lib/ingest/handle-identify";
import { handleIngest } from "@/lib/ingest/handle-ingest";
import type { IngestEndpoint } from "@/lib/ingest/limits";

// The ingest routes' HTTP shell: CORS for browser SDKs, the client address for "$remote",
// and a 500 that says nothing of the failure (a 5xx means "maybe stored": clients retry).

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  // Content-Encoding: the browser SDK gzips bodies of 2 KiB or more when asked to.
  "access-control-allow-headers": "Content-Type, Accept, Content-Encoding",
  "access-control-max-age": "86400",
};

/** Serves one ingest endpoint: the event routes and, with GET as well, the Identify APIs. */
export function ingestRoute(endpoint: IngestEndpoint) {
  const handle = (request: Request) =>
    endpoint === "identify" || endpoint === "groupidentify"
      ? handleIdentify(request, endpoint, requestAddress(request.headers))
      : handleIngest(request, endpoint, requestAddress(request.headers));
  async function answer(request: Request): Promise<Response> {
    try {
      const { body, status, headers } = await handle(request);
      return Response.json(body, { status, headers: { ...CORS, ...headers } });
    } catch (error) {
      const reference = logUnexpectedError("ingest", error);
      return Response.json(
        { code: 500, error: `Internal error (reference ${reference}); retry with the same insert_id.` },
        { status: 500, headers: CORS },
      );
    }
  }
  return {
    POST: answer,
    // The Identify APIs take their parameters in a GET's query string too.
    GET: answer,
    OPTIONS(): Response {
      return new Response(null, { status: 204, headers: CORS });
    },
  };
}
