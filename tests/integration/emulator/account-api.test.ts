import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { emulatorFetch } from "@/tests/support/emulator-client";
import {
  credentialChangeCommands,
  federationPolicy,
  PLACEHOLDERS,
} from "@/lib/destinations/databricks-snippets";
import { federationPolicyId } from "@/lib/oidc/claims";

let emulator: RunningEmulator;
let api: ReturnType<typeof emulatorFetch>;
let policiesPath: string;
const oidcPolicy = {
  issuer: "https://deltaport.example.com",
  audiences: ["https://dbc-1.cloud.databricks.com/oidc/v1/token"],
  subject: "projects/p/destinations/d",
};

beforeAll(async () => {
  emulator = await startEmulator();
  api = emulatorFetch(emulator.facts);
  policiesPath = `/api/2.0/accounts/${emulator.facts.accountId}/servicePrincipals/${emulator.facts.servicePrincipals[0]!.id}/federationPolicies`;
});
afterAll(() => emulator.stop());

describe("federation policy API", () => {
  it("creates, lists, reads and deletes a policy with the real shapes", async () => {
    const token = emulator.facts.adminToken;
    const created = await api(`${policiesPath}?policy_id=deltaport-abc123`, {
      token,
      json: { oidc_policy: oidcPolicy },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      policy_id: "deltaport-abc123",
      name: `accounts/${emulator.facts.accountId}/servicePrincipals/${emulator.facts.servicePrincipals[0]!.id}/federationPolicies/deltaport-abc123`,
      oidc_policy: oidcPolicy,
    });
    const listed = await api(policiesPath, { token });
    expect((listed.body.policies as { policy_id: string }[]).map((policy) => policy.policy_id)).toEqual([
      "deltaport-abc123",
    ]);
    expect((await api(`${policiesPath}/deltaport-abc123`, { token })).body).toMatchObject({
      policy_id: "deltaport-abc123",
    });
    expect((await api(`${policiesPath}/deltaport-abc123`, { token, method: "DELETE" })).status).toBe(200);
    expect((await api(`${policiesPath}/deltaport-abc123`, { token })).status).toBe(404);
  });

  it("generates a policy id when none is given", async () => {
    const created = await api(policiesPath, {
      token: emulator.facts.adminToken,
      json: { oidc_policy: { ...oidcPolicy, subject: "generated" } },
    });
    expect(created.status).toBe(200);
    expect(created.body.policy_id).toMatch(/^[a-z0-9]{2,63}$/);
    await api(`${policiesPath}/${String(created.body.policy_id)}`, {
      token: emulator.facts.adminToken,
      method: "DELETE",
    });
  });

  it("requires the account admin's token", async () => {
    expect((await api(policiesPath)).status).toBe(401);
    expect((await api(policiesPath, { token: "dapi-not-a-token" })).status).toBe(401);
  });

  it("rejects invalid policies with a message naming the problem", async () => {
    const token = emulator.facts.adminToken;
    const cases: [unknown, RegExp][] = [
      [{ oidc_policy: { issuer: oidcPolicy.issuer } }, /subject is required/],
      [
        { oidc_policy: { ...oidcPolicy, issuer: "http://deltaport.example.com" } },
        /issuer must be an https URL/,
      ],
      [{ ...oidcPolicy }, /oidc_policy is required/], // the flat shape of the CLI docs' example
    ];
    for (const [body, message] of cases) {
      const answer = await api(policiesPath, { token, json: body });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error_code: "INVALID_PARAMETER_VALUE",
        message: expect.stringMatching(message),
      });
    }
    const badId = await api(`${policiesPath}?policy_id=Not_Valid`, {
      token,
      json: { oidc_policy: oidcPolicy },
    });
    expect(badId.status).toBe(400);
    const loopback = await api(`${policiesPath}?policy_id=loopback`, {
      token,
      json: { oidc_policy: { ...oidcPolicy, issuer: "http://localhost:3000" } },
    });
    expect(loopback.status).toBe(200);
    await api(`${policiesPath}/loopback`, { token, method: "DELETE" });
  });

  it("holds at most 20 policies per service principal, and refuses a duplicate id", async () => {
    const token = emulator.facts.adminToken;
    const base = `/api/2.0/accounts/${emulator.facts.accountId}/servicePrincipals/${emulator.facts.servicePrincipals[1]!.id}/federationPolicies`;
    for (let i = 0; i < 20; i++) {
      expect(
        (
          await api(`${base}?policy_id=p-${i}`, {
            token,
            json: { oidc_policy: { ...oidcPolicy, subject: `s${i}` } },
          })
        ).status,
      ).toBe(200);
    }
    const over = await api(`${base}?policy_id=p-20`, { token, json: { oidc_policy: oidcPolicy } });
    expect(over).toMatchObject({ status: 400, body: { error_code: "RESOURCE_LIMIT_EXCEEDED" } });
    await api(`${base}/p-0`, { token, method: "DELETE" });
    expect((await api(`${base}?policy_id=p-1`, { token, json: { oidc_policy: oidcPolicy } })).status).toBe(
      409,
    );
  });

  it("answers 404 for an unknown service principal or account", async () => {
    const token = emulator.facts.adminToken;
    expect(
      (
        await api(
          `/api/2.0/accounts/${emulator.facts.accountId}/servicePrincipals/12345/federationPolicies`,
          { token },
        )
      ).status,
    ).toBe(404);
    expect(
      (await api(`/api/2.0/accounts/other/servicePrincipals/12345/federationPolicies`, { token })).status,
    ).toBe(404);
  });
});

describe("the emulator's databricks CLI", () => {
  it("runs the page's update command for a new workspace: only the audiences change", async () => {
    const token = emulator.facts.adminToken;
    const sp = emulator.facts.servicePrincipals[1]!;
    const destinationId = "cdestupdate00000000000001";
    const input = { issuer: oidcPolicy.issuer, projectId: "cprojupdate00000000000001", destinationId };
    const before = { workspaceOrigin: "https://dbc-1.cloud.databricks.com", clientId: sp.applicationId };
    const after = { ...before, workspaceOrigin: "https://dbc-2.cloud.databricks.com" };
    const policyPath = `/api/2.0/accounts/${emulator.facts.accountId}/servicePrincipals/${sp.id}/federationPolicies`;
    const created = await api(`${policyPath}?policy_id=${federationPolicyId(destinationId)}`, {
      token,
      json: federationPolicy({ ...input, workspaceOrigin: before.workspaceOrigin }),
    });
    expect(created.status).toBe(200);

    const command = credentialChangeCommands(input, before, after)!;
    expect(command).toMatch(/service-principal-federation-policy update/);
    const factsFile = path.join(mkdtempSync(path.join(tmpdir(), "cli-")), "workspace.json");
    writeFileSync(factsFile, JSON.stringify(emulator.facts));
    const script = `databricks() { "${process.execPath}" --import tsx emulator/cli.ts "$@"; }\n${command
      .replace(PLACEHOLDERS.servicePrincipalId, sp.id)
      .replace(PLACEHOLDERS.profile, "my-account")}`;
    await promisify(execFile)("bash", ["-c", script], { env: { ...process.env, EMULATOR_FACTS: factsFile } });

    const updated = await api(`${policyPath}/${federationPolicyId(destinationId)}`, { token });
    expect(updated.body.oidc_policy).toEqual({
      ...federationPolicy({ ...input, workspaceOrigin: after.workspaceOrigin }).oidc_policy,
    });
    expect(credentialChangeCommands(input, before, before)).toBeNull();
  });

  it("updates by mask, refuses an unknown field, and replaces the whole policy with *", async () => {
    const token = emulator.facts.adminToken;
    await api(`${policiesPath}?policy_id=deltaport-mask`, { token, json: { oidc_policy: oidcPolicy } });
    const patch = (mask: string, json: object) =>
      api(`${policiesPath}/deltaport-mask?update_mask=${mask}`, { token, method: "PATCH", json });
    expect(
      (await patch("oidc_policy.subject", { oidc_policy: { subject: "s2", issuer: "x" } })).body,
    ).toMatchObject({
      oidc_policy: { ...oidcPolicy, subject: "s2" },
    });
    expect((await patch("oidc_policy.nope", { oidc_policy: {} })).status).toBe(400);
    expect(
      (await patch("*", { oidc_policy: { issuer: oidcPolicy.issuer, subject: "s3" } })).body,
    ).toMatchObject({
      oidc_policy: { issuer: oidcPolicy.issuer, subject: "s3" },
    });
    expect((await api(`${policiesPath}/deltaport-mask`, { token, method: "DELETE" })).status).toBe(200);
  });

  it("runs the wizard's create / list / delete commands with `databricks` replaced", async () => {
    const factsFile = path.join(mkdtempSync(path.join(tmpdir(), "cli-")), "workspace.json");
    writeFileSync(factsFile, JSON.stringify(emulator.facts));
    const spId = emulator.facts.servicePrincipals[2]!.id;
    // Asynchronously: the emulator answering it runs in this very process.
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)(
          process.execPath,
          [
            "--import",
            "tsx",
            "emulator/cli.ts",
            "account",
            "service-principal-federation-policy",
            ...args,
            "--profile",
            "my-account",
          ],
          {
            env: { ...process.env, EMULATOR_FACTS: factsFile },
            encoding: "utf8",
          },
        )
      ).stdout;
    const created = JSON.parse(
      await cli(
        "create",
        spId,
        "--json",
        JSON.stringify({ oidc_policy: oidcPolicy }),
        "--policy-id",
        "deltaport-cli",
      ),
    ) as { policy_id: string };
    expect(created.policy_id).toBe("deltaport-cli");
    expect(
      (JSON.parse(await cli("list", spId)) as { policy_id: string }[]).map((policy) => policy.policy_id),
    ).toEqual(["deltaport-cli"]);
    await cli("delete", spId, "deltaport-cli");
    expect(JSON.parse(await cli("list", spId))).toEqual([]);
    await expect(cli("delete", spId, "deltaport-cli")).rejects.toThrow(/does not exist/);
    await expect(cli("list", "not-a-number")).rejects.toThrow(/expected an int64 number/);
  });
});
