import "server-only";
import { AppError } from "@/lib/errors";
import { workspaceOriginOf } from "@/lib/databricks/workspace-host";
import { credentialPathChange } from "@/lib/destinations/databricks-snippets";
import type { CredentialInput } from "@/lib/destinations/destination-input";
import { verifyConnection } from "@/lib/destinations/verify-connection";
import type { Destination } from "@/lib/generated/prisma/client";

// A new workspace host changes the audience of Deltaport's JWTs, and a new client id is another
// service principal: either needs the federation policy changed in Databricks first (the page
// shows the commands). Saving such a change runs Verify connection with the new values, so a
// destination is never left pointing where its policy does not let it in.

const pathChange = (destination: Destination, next: CredentialInput, allowedHosts: readonly string[]) =>
  credentialPathChange(
    { workspaceOrigin: destination.workspaceHost, clientId: destination.clientId },
    { workspaceOrigin: workspaceOriginOf(next.workspaceHost, allowedHosts), clientId: next.clientId },
  );

/** Whether `next` changes the workspace or the service principal of `destination`. */
export function changesCredentialPath(
  destination: Destination,
  next: CredentialInput,
  allowedHosts: readonly string[],
) {
  const { hostChanged, clientChanged } = pathChange(destination, next, allowedHosts);
  return hostChanged || clientChanged;
}

/** Verify connection with the new values; refuses, naming the first check that failed. */
export async function requireVerifiedCredentialPath(
  destination: Destination,
  next: CredentialInput,
  allowedHosts: readonly string[],
): Promise<void> {
  const { hostChanged, clientChanged } = pathChange(destination, next, allowedHosts);
  if (!hostChanged && !clientChanged) return;
  const checks = await verifyConnection({
    ...next,
    jsonColumnType: destination.jsonColumnType,
    projectId: destination.projectId,
    destinationId: destination.id,
    allowedHosts,
  });
  const failed = checks.find((check) => check.status === "failed");
  if (failed)
    throw new AppError(
      "INVALID_INPUT",
      `Not saved: Verify connection failed with the new values at "${failed.label}": ${failed.message} Run the commands shown for the change, then save again.`,
      clientChanged ? "clientId" : "workspaceHost",
    );
}
