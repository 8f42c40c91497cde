// Which workspace hosts Deltaport will call: a guard against server-side request forgery,
// decided on the name alone (no DNS lookup), before any request is made.

// Databricks workspace domains, with their regional and sovereign-cloud forms.
const DATABRICKS_DOMAINS = [
  "cloud.databricks.com",
  "cloud.databricks.us",
  "cloud.databricks.mil",
  "azuredatabricks.net",
  "databricks.azure.us",
  "databricks.azure.cn",
  "gcp.databricks.com",
];
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type WorkspaceHost = { origin: string; host: string };
export type WorkspaceHostCheck = { ok: true; value: WorkspaceHost } | { ok: false; reason: string };

function isDatabricksName(hostname: string): boolean {
  return DATABRICKS_DOMAINS.some((domain) => {
    if (!hostname.endsWith(`.${domain}`)) return false;
    const labels = hostname.slice(0, -domain.length - 1).split(".");
    return labels.length >= 1 && labels.every((label) => LABEL.test(label));
  });
}

/**
 * Parses a workspace URL as an admin types it (`https://dbc-xxxx.cloud.databricks.com`) and
 * accepts it only if it names a Databricks workspace, or is listed in `allowedHosts`
 * (`host[:port]`, e.g. the local emulator). Returns the normalised origin.
 */
export function checkWorkspaceHost(input: string, allowedHosts: readonly string[]): WorkspaceHostCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: "Enter the full workspace URL, starting with https://" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "The workspace URL must start with https://" };
  if (url.username || url.password)
    return { ok: false, reason: "The workspace URL must not contain a user name or password" };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return {
      ok: false,
      reason:
        "Enter only the workspace URL, without a path (for example https://dbc-1234.cloud.databricks.com)",
    };
  }
  const host = url.host.toLowerCase();
  const allowed = allowedHosts.includes(host) || (!url.port && isDatabricksName(url.hostname.toLowerCase()));
  if (!allowed) {
    return {
      ok: false,
      reason:
        "This is not a Databricks workspace URL (…cloud.databricks.com, …azuredatabricks.net or …gcp.databricks.com)",
    };
  }
  return { ok: true, value: { origin: `https://${host}`, host } };
}

/** The workspace origin a host names (as the destination stores it), or the input when it is not valid. */
export function workspaceOriginOf(host: string, allowedHosts: readonly string[]): string {
  const checked = checkWorkspaceHost(host, allowedHosts);
  return checked.ok ? checked.value.origin : host;
}
