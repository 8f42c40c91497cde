// `npm run keys:rotate [-- --algorithm ES256] [-- --prepublish-minutes N]`: the operator's
// signing-key rotation (never an organization's). Uses DATABASE_URL and KEY_ENCRYPTION_KEY
// of the deployment, or the local default's when run through `npm run keys:rotate` locally.
import { parseArgs } from "node:util";
import { rotateSigningKey } from "../lib/oidc/signing-keys.ts";
import { db } from "../lib/db/prisma.ts";

const { values } = parseArgs({
  options: { algorithm: { type: "string", default: "RS256" }, "prepublish-minutes": { type: "string" } },
});
const algorithm = values.algorithm === "ES256" ? "ES256" : values.algorithm === "RS256" ? "RS256" : undefined;
if (!algorithm) {
  console.error("--algorithm must be RS256 or ES256");
  process.exit(1);
}
try {
  const rotation = await rotateSigningKey({
    algorithm,
    prepublishMinutes:
      values["prepublish-minutes"] === undefined ? undefined : Number(values["prepublish-minutes"]),
  });
  console.log(
    `New key ${rotation.newKid} (${algorithm}) is published now and signs from ${rotation.signsFrom.toISOString()}.`,
  );
  console.log(
    `Key ${rotation.previousKid} signs until then and stays published until ${rotation.previousPublishedUntil.toISOString()}.`,
  );
  console.log(
    `${rotation.inlineJwksDestinations} destination(s) with an inline JWKS in their policy were flagged: their pages ask their admins to run the policy command again before the new key signs.`,
  );
} catch (error) {
  console.error(`Rotation refused: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
