import "server-only";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { rootCertificates } from "node:tls";
import { env } from "@/lib/env";

// HTTPS to workspaces: TLS verified against the system's roots plus, where configured, one
// extra CA (the local emulator's). Redirects are never followed: a 3xx is an answer like any.

let trusted: string[] | undefined;

/** The CAs workspace connections trust (PEM). */
export function trustedCertificates(): string[] {
  if (!trusted) {
    const extra = env().DATABRICKS_CA_CERT_FILE;
    trusted = extra ? [...rootCertificates, readFileSync(extra, "utf8")] : [...rootCertificates];
  }
  return trusted;
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
        ca: trustedCertificates(),
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
