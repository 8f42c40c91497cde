import { isIP } from "node:net";
import { env } from "@/lib/env";

// The address a request came from, for "$remote" and sign-in throttling (issue 14, item 12). A Next.js route cannot see
// the socket, and any client can send X-Forwarded-For: only what a trusted proxy wrote counts.
// - On Vercel, the edge sets X-Real-IP to the client's address and overwrites X-Forwarded-For
//   (https://vercel.com/docs/headers/request-headers#x-real-ip).
// - Behind your own proxies, TRUSTED_PROXY_HOPS says how many there are: each appends the
//   address it saw, so the client is the entry that many places from the right.
// - Otherwise no address is trusted, and "$remote" stores none.

export type ProxyTrust = { vercel: boolean; proxyHops: number };

export function clientAddress(headers: Headers, trust: ProxyTrust): string | null {
  let address: string | undefined;
  if (trust.vercel) address = headers.get("x-real-ip") ?? undefined;
  else if (trust.proxyHops > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    address = hops[hops.length - trust.proxyHops];
  }
  return address && isIP(address) ? address : null;
}

/** The client's address by this deployment's proxies (VERCEL_URL, TRUSTED_PROXY_HOPS). */
export function requestAddress(headers: Headers): string | null {
  const { VERCEL_URL, TRUSTED_PROXY_HOPS } = env();
  return clientAddress(headers, { vercel: Boolean(VERCEL_URL), proxyHops: TRUSTED_PROXY_HOPS });
}
