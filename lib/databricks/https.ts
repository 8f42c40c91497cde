import "server-only";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { createSecureContext, rootCertificates } from "node:tls";
import { env } from "@/lib/env";

// HTTPS to workspaces: TLS verified against the system's roots plus, where configured, one
// extra CA (the local emulator's). Redirects are never followed: a 3xx is an answer like any.

let extraCaAgent: Agent | undefined;

/**
 * The agent for workspace connections when an extra CA is configured, with one TLS context
 * built once: a `ca` list given per request is parsed into a context of its own every time
 * (146 roots, about 1 MB of native memory each, measured). Without an extra CA, Node's global
 * agent and its shared default store serve.
 */
function workspaceAgent(): Agent | undefined {
  const extra = env().DATABRICKS_CA_CERT_FILE;
  if (!extra) return undefined;
  extraCaAgent ??= new Agent({
    secureContext: createSecureContext({ ca: [...rootCertificates, readFileSync(extra, "utf8")] }),
  });
  return extraCaAgent;
}

/** The extra CA alone, for @databricks/sql's `customCaCert`, if one is configured. */
export function customCaCertificate(): Buffer | undefined {
  const extra = env().DATABRICKS_CA_CERT_FILE;
  return extra ? readFileSync(extra) : undefined;
}

export type HttpsAnswer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

export function httpsPostForm(
  url: string,
  form: Record<string, string>,
  timeoutMs: number,
): Promise<HttpsAnswer> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: workspaceAgent(),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          accept: "application/json",
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
