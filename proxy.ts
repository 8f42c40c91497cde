import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/content-security-policy";
import { env } from "@/lib/env";

// Gives every page a Content-Security-Policy with a fresh script nonce (Next.js 16's proxy,
// formerly middleware). Next reads the policy from the request to put the nonce on its scripts,
// and the browser gets the same policy with the response. The other headers, and the baseline
// policy of the routes left out here (APIs, ingest, static files), are in next.config.js.
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), env().NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Every path but the APIs, Next's static files and the ingest routes (whole segments).
      source:
        "/((?!api/|_next/static/|_next/image|\\.well-known/|favicon\\.ico$|(?:2/httpapi|batch|identify|groupidentify)(?:/|$)).*)",
      // Prefetches are not rendered into a page of their own.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
