// The claims that tie a federated JWT to one destination, shared by minting and by the
// policy command the wizard generates, so that the two can never disagree.

/** The JWT subject for a destination: `projects/<projectId>/destinations/<destinationId>`. */
export function federatedSubject(projectId: string, destinationId: string): string {
  return `projects/${projectId}/destinations/${destinationId}`;
}

/** The audience Databricks' own SDKs use for a workspace: its token endpoint. */
export function workspaceAudience(workspaceOrigin: string): string {
  return `${workspaceOrigin.replace(/\/+$/, "")}/oidc/v1/token`;
}

/** The federation policy id of a destination (2–63 chars of [a-z0-9-/]). */
export function federationPolicyId(destinationId: string): string {
  return `deltaport-${destinationId.toLowerCase()}`;
}
