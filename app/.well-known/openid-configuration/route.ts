import { openIdConfiguration } from "@/lib/oidc/discovery";

// Public: Databricks reads this to find our keys. Its content changes only with ISSUER_URL.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openIdConfiguration(), { headers: { "cache-control": "public, max-age=3600" } });
}
