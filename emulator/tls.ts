// A certificate authority of the emulator's own and a server certificate for loopback, so
// that clients keep TLS verification on and trust the emulator through its CA alone
// (`customCaCert` in @databricks/sql, `ca` in Node's https).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import forge from "node-forge";

export type TlsMaterial = { caCertPath: string; caCert: string; cert: string; key: string };

function rsaKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    forgePrivate: forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()),
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString()),
  };
}

function certificate(
  subjectCn: string,
  publicKey: forge.pki.PublicKey,
  issuer: forge.pki.CertificateField[] | null,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const subject = [
    { name: "commonName", value: subjectCn },
    { name: "organizationName", value: "Deltaport Databricks emulator" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer ?? subject);
  return cert;
}

function generate(): Omit<TlsMaterial, "caCertPath"> {
  const caKeys = rsaKeyPair();
  const ca = certificate("Deltaport emulator CA", caKeys.forgePublic, null);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKeys.forgePrivate, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const server = certificate("localhost", serverKeys.forgePublic, ca.subject.attributes);
  server.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
  ]);
  server.sign(caKeys.forgePrivate, forge.md.sha256.create());
  return {
    caCert: forge.pki.certificateToPem(ca),
    cert: forge.pki.certificateToPem(server),
    key: serverKeys.privatePem,
  };
}

/** Loads the CA and server certificate from `dir`, generating them on first use. */
export function loadOrCreateTls(dir: string): TlsMaterial {
  const files = {
    caCert: path.join(dir, "ca.pem"),
    cert: path.join(dir, "server.pem"),
    key: path.join(dir, "server-key.pem"),
  };
  if (!existsSync(files.caCert) || !existsSync(files.cert) || !existsSync(files.key)) {
    mkdirSync(dir, { recursive: true });
    const material = generate();
    writeFileSync(files.caCert, material.caCert);
    writeFileSync(files.cert, material.cert);
    writeFileSync(files.key, material.key, { mode: 0o600 });
  }
  return {
    caCertPath: path.resolve(files.caCert),
    caCert: readFileSync(files.caCert, "utf8"),
    cert: readFileSync(files.cert, "utf8"),
    key: readFileSync(files.key, "utf8"),
  };
}
