// Runs once when the server starts: a deployment missing required settings stops here with
// a list of what to set, rather than failing on its first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  env();
}
