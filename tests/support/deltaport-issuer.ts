// Serves Deltaport's own discovery document and JWKS (the functions behind the app's
// /.well-known routes) on ISSUER_URL, so that the emulator can verify JWTs the app mints
// in tests that run without a Next server.
import { createServer } from "node:http";
import { openIdConfiguration } from "@/lib/oidc/discovery";
import { publishedJwks } from "@/lib/oidc/signing-keys";
import { issuerUrl } from "@/lib/env";

export async function serveDeltaportIssuer(): Promise<{ close: () => Promise<void> }> {
  const url = new URL(issuerUrl());
  const server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/.well-known/openid-configuration") return send(openIdConfiguration());
    if (req.url === "/.well-known/jwks.json") {
      publishedJwks().then(send, (error: unknown) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(Number(url.port), url.hostname, resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
