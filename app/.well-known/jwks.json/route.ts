import { publishedJwks } from "@/lib/oidc/signing-keys";

// Public: the published signing keys (public parts only). Cached briefly so that a rotated-in
// key is seen well within its pre-publication window.
export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await publishedJwks(), { headers: { "cache-control": "public, max-age=300" } });
}
