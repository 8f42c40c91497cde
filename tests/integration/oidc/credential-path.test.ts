import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeProtectedHeader } from "jose";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { db } from "@/lib/db/prisma";
import { DatabricksError, MESSAGES } from "@/lib/databricks/errors";
import { withDatabricksSession } from "@/lib/databricks/sql-client";
import { exchangeForWorkspaceToken } from "@/lib/databricks/token-exchange";
import { workspaceToken } from "@/lib/databricks/token-provider";
import { federationPolicyCommand } from "@/lib/destinations/databricks-snippets";
import { issuerUrl } from "@/lib/env";
import { federationPolicyId } from "@/lib/oidc/claims";
import { mintFederatedJwt } from "@/lib/oidc/mint";
import { publishedJwks, rotateSigningKey } from "@/lib/oidc/signing-keys";
import {
  deleteFederationPolicy,
  postFederationPolicy,
  setWarehousePermission,
} from "@/tests/support/emulator-admin";
import { emulatorFetch } from "@/tests/support/emulator-client";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

let emulator: RunningEmulator;
let issuer: { close: () => Promise<void> };
let api: ReturnType<typeof emulatorFetch>;
const projectId = "cproject0000000000000001";
let destination = 0;
const nextDestinationId = () => `cdest${String(++destination).padStart(20, "0")}`;

/** What an admin does with the wizard's command: run it (here through the emulator's account API). */
async function applyGeneratedPolicy(destinationId: string, spIndex = 0) {
  const sp = emulator.facts.servicePrincipals[spIndex]!;
  const command = federationPolicyCommand({
    issuer: issuerUrl(),
    projectId,
    destinationId,
    workspaceOrigin: emulator.facts.host,
    servicePrincipalId: sp.id,
  });
  const json = /--json '([^']*)'/.exec(command)![1]!;
  const policyId = /--policy-id (\S+)/.exec(command)![1]!;
  expect(command).toContain(`create ${sp.id} `);
  expect((await postFederationPolicy(emulator, sp, policyId, JSON.parse(json))).status).toBe(200);
  return { sp, policyId };
}

const credentialFor = (destinationId: string, clientId: string) => ({
  projectId,
  destinationId,
  workspaceOrigin: emulator.facts.host,
  clientId,
});

beforeAll(async () => {
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR });
  api = emulatorFetch(emulator.facts);
  await db.signingKey.deleteMany();
});
afterAll(async () => {
  await emulator.stop();
  await issuer.close();
  await db.$disconnect();
});
beforeEach(async () => {
  await api("/emulator/faults", { method: "DELETE", token: emulator.facts.adminToken });
});

describe("the credential path against the emulator", () => {
  it("lets a JWT minted for the generated policy be exchanged and SELECT 1 run, with tagged statements", async () => {
    const destinationId = nextDestinationId();
    const { sp } = await applyGeneratedPolicy(destinationId);
    await setWarehousePermission(emulator, sp.applicationId);
    const rows = await withDatabricksSession(
      { ...credentialFor(destinationId, sp.applicationId), warehouseId: emulator.facts.warehouseId },
      { deltaport_destination: destinationId, deltaport_run: "run-1" },
      (sql) => sql.query("SELECT 1 AS one"),
    );
    expect(rows).toEqual([{ one: 1 }]);
    const { body } = await api("/emulator/statements", { token: emulator.facts.adminToken });
    expect(
      (body.statements as { statement: string; queryTags?: string; principal: string }[]).at(-1),
    ).toMatchObject({
      statement: "SELECT 1 AS one",
      principal: sp.applicationId,
      queryTags: `deltaport_destination:${destinationId},deltaport_run:run-1`,
    });
  });

  it("never serves one project's cached token for another project's credential (issue 14, item 10)", async () => {
    const destinationId = nextDestinationId();
    const { sp } = await applyGeneratedPolicy(destinationId);
    const mine = credentialFor(destinationId, sp.applicationId);
    expect((await workspaceToken(mine)).accessToken).toBeTruthy();
    // The policy names this project's subject: another project's JWT is refused, not served from cache.
    await expect(workspaceToken({ ...mine, projectId: "cprojectother000000000001" })).rejects.toBeInstanceOf(
      DatabricksError,
    );
  });

  it("mints the claims Databricks checks", async () => {
    const { jwt, expiresAt } = await mintFederatedJwt({
      projectId,
      destinationId: "cdestclaims",
      workspaceOrigin: "https://dbc-1.cloud.databricks.com",
    });
    const [, payload] = jwt.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: issuerUrl(),
      sub: `projects/${projectId}/destinations/cdestclaims`,
      aud: "https://dbc-1.cloud.databricks.com/oidc/v1/token",
      jti: expect.any(String),
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(15 * 60);
    expect(claims.nbf).toBe(claims.iat);
    expect(expiresAt.getTime()).toBe(Number(claims.exp) * 1000);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: "RS256", kid: expect.any(String) });
  });

  it("maps each rejection to what the admin should check", async () => {
    const destinationId = nextDestinationId();
    const { sp, policyId } = await applyGeneratedPolicy(destinationId);
    const expectFailure = async (promise: Promise<unknown>, code: string, message: string) => {
      const error = await promise.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DatabricksError);
      expect(error).toMatchObject({ code, userMessage: expect.stringContaining(message) });
      return error as DatabricksError;
    };
    // An unknown application id.
    await expectFailure(
      workspaceToken(credentialFor(destinationId, "00000000-0000-4000-8000-000000000000")),
      "PERMISSION_DENIED",
      MESSAGES.unknownServicePrincipal,
    );
    // A JWT for another destination: the policy's subject does not match.
    await expectFailure(
      workspaceToken(credentialFor(nextDestinationId(), sp.applicationId)),
      "PERMISSION_DENIED",
      MESSAGES.policyRejected,
    );
    // The policy deleted: refused at once, not retried.
    await deleteFederationPolicy(emulator, sp, policyId);
    const started = Date.now();
    const denied = await expectFailure(
      workspaceToken(credentialFor(destinationId, sp.applicationId)),
      "PERMISSION_DENIED",
      MESSAGES.policyRejected,
    );
    expect(denied.retryable).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a warehouse without CAN USE, and a missing grant, in plain words", async () => {
    const destinationId = nextDestinationId();
    const { sp } = await applyGeneratedPolicy(destinationId, 1);
    const target = {
      ...credentialFor(destinationId, sp.applicationId),
      warehouseId: emulator.facts.warehouseId,
    };
    await expect(withDatabricksSession(target, {}, (sql) => sql.query("SELECT 1"))).rejects.toMatchObject({
      code: "WAREHOUSE_ACCESS_DENIED",
      userMessage: MESSAGES.warehouseAccess,
    });
    await setWarehousePermission(emulator, sp.applicationId);
    await expect(
      withDatabricksSession(target, {}, (sql) => sql.query("SELECT * FROM main.analytics.anything")),
    ).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
      userMessage: expect.stringMatching(/grant is missing.*USE CATALOG on Catalog 'main'/s),
    });
  });

  it("retries a token endpoint that fails transiently", async () => {
    const destinationId = nextDestinationId();
    const { sp } = await applyGeneratedPolicy(destinationId);
    await api("/emulator/faults", {
      token: emulator.facts.adminToken,
      json: { kind: "tokenExchange", httpStatus: 503, count: 2 },
    });
    const { jwt } = await mintFederatedJwt(credentialFor(destinationId, sp.applicationId));
    const token = await exchangeForWorkspaceToken(
      { workspaceOrigin: emulator.facts.host, clientId: sp.applicationId, jwt },
      { baseDelayMs: 10 },
    );
    expect(token.accessToken).toMatch(/^dkea/);
    const { body } = await api("/emulator/faults", { token: emulator.facts.adminToken });
    expect(body.log).toHaveLength(2);
  });

  it("keeps tokens verifiable through a key rotation", async () => {
    const destinationId = nextDestinationId();
    const { sp } = await applyGeneratedPolicy(destinationId);
    const credential = credentialFor(destinationId, sp.applicationId);
    const exchange = async (jwt: string) =>
      exchangeForWorkspaceToken(
        { workspaceOrigin: emulator.facts.host, clientId: sp.applicationId, jwt },
        { maxAttempts: 1 },
      );
    const before = await mintFederatedJwt(credential);
    await exchange(before.jwt); // the emulator now caches the JWKS with the old key only
    const oldKid = decodeProtectedHeader(before.jwt).kid;

    const rotation = await rotateSigningKey({ prepublishMinutes: 0 });
    expect(rotation.previousKid).toBe(oldKid);
    expect((await publishedJwks()).keys.map((key) => key.kid).sort()).toEqual(
      [oldKid, rotation.newKid].sort(),
    );

    // During the overlap, a token of the old key still verifies…
    expect((await exchange(before.jwt)).accessToken).toBeTruthy();
    // …and one of the new key verifies once the emulator refetches on the unknown kid.
    const after = await mintFederatedJwt(credential);
    expect(decodeProtectedHeader(after.jwt).kid).toBe(rotation.newKid);
    expect((await exchange(after.jwt)).accessToken).toBeTruthy();
    // After the overlap, the old key is no longer published.
    const later = new Date(rotation.previousPublishedUntil.getTime() + 1000);
    expect((await publishedJwks(later)).keys.map((key) => key.kid)).toEqual([rotation.newKid]);
    await expect(
      rotateSigningKey({ prepublishMinutes: 60 }).then(() => rotateSigningKey({ prepublishMinutes: 60 })),
    ).rejects.toThrow(/already pending/);
  });

  it("publishes only public key members", async () => {
    const { keys } = await publishedJwks();
    for (const key of keys) {
      expect(key).toMatchObject({
        kid: expect.any(String),
        alg: expect.stringMatching(/^(RS256|ES256)$/),
        use: "sig",
      });
      for (const privateMember of ["d", "p", "q", "dp", "dq", "qi"])
        expect(key).not.toHaveProperty(privateMember);
    }
  });

  it("uses federation policy ids the CLI accepts", () => {
    expect(federationPolicyId("ckabcdefghijklmnopqrstuvw")).toMatch(/^[a-z0-9][a-z0-9\-/]{0,61}[a-z0-9]$/);
  });
});

describe("rotation and inline-JWKS policies", () => {
  it("flags live destinations whose policy carries the JWKS inline", async () => {
    await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
    const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
    const base = {
      projectId: project.id,
      organizationId: project.organizationId,
      frequencyMinutes: 60,
      filter: {},
      workspaceHost: "https://dbc-1.cloud.databricks.com",
      clientId: "6f2c1b7e-1111-4222-8333-444455556666",
      warehouseId: "0123456789abcdef",
      catalog: "main",
      schema: "analytics",
      exportFrom: new Date(),
      nextRunAt: new Date(),
    };
    await db.destination.createMany({
      data: [
        {
          ...base,
          id: "dinlinejwks000000000000001",
          name: "a",
          table: "inline_a",
          policyVariant: "INLINE_JWKS",
        },
        {
          ...base,
          id: "ddiscovery0000000000000001",
          name: "b",
          table: "discovery_b",
          policyVariant: "DISCOVERY",
        },
      ],
    });
    await db.signingKey.updateMany({
      where: { signsFrom: { gt: new Date() } },
      data: { signsFrom: new Date(Date.now() - 1000) },
    });
    const rotation = await rotateSigningKey({ prepublishMinutes: 60 });
    expect(rotation.inlineJwksDestinations).toBe(1);
    const flags = await db.destination.findMany({
      where: { id: { in: ["dinlinejwks000000000000001", "ddiscovery0000000000000001"] } },
      select: { id: true, policyUpdateNeeded: true },
    });
    expect(Object.fromEntries(flags.map((d) => [d.id, d.policyUpdateNeeded]))).toEqual({
      dinlinejwks000000000000001: true,
      ddiscovery0000000000000001: false,
    });
  });
});
