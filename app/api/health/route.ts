import { inngestConfigured } from "@/inngest/configured";
import { checkHealth } from "@/lib/ops/health";

// GET /api/health: for uptime checks and load balancers. 503 only when the database is
// unreachable or the signing key cannot be decrypted; the body says the rest (lib/ops/health.ts).
// Public, and free of secrets: states and ages only.
export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(inngestConfigured() ? "inngest" : "local runner");
  return Response.json(health, {
    status: health.status === "unhealthy" ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
