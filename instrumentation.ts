// Runs once when the server starts: a deployment missing required settings stops here with
// a list of what to set, rather than failing on its first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  env();
  // On a new development database, the first-run setup link (with its generated token) is
  // printed here; production reads SETUP_TOKEN instead (lib/setup/setup-token.ts).
  if (env().NODE_ENV === "development") {
    const { needsSetup } = await import("./lib/setup/first-run");
    const { setupToken } = await import("./lib/setup/setup-token");
    if (await needsSetup().catch(() => false)) setupToken();
  }
}
