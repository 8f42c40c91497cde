// Presigned URLs for the staging handshake: a PUT / GET / REMOVE statement answers with a
// URL, and the driver itself transfers the file to or from it, as with cloud storage.
import { randomBytes } from "node:crypto";

export type StagingGrant = {
  method: "PUT" | "GET" | "DELETE";
  localPath: string;
  overwrite: boolean;
  expiresAt: number;
};

const LIFETIME_MS = 15 * 60 * 1000;

export class StagingUrls {
  private readonly grants = new Map<string, StagingGrant>();

  constructor(private readonly baseUrl: () => string) {}

  issue(grant: Omit<StagingGrant, "expiresAt">): string {
    const token = randomBytes(24).toString("base64url");
    this.grants.set(token, { ...grant, expiresAt: Date.now() + LIFETIME_MS });
    return `${this.baseUrl()}/staging/${token}`;
  }

  /** The grant behind a URL token, if it is valid for `method`; one use each. */
  redeem(token: string, method: string): StagingGrant | undefined {
    const grant = this.grants.get(token);
    if (!grant || grant.method !== method || grant.expiresAt < Date.now()) return undefined;
    this.grants.delete(token);
    return grant;
  }
}
