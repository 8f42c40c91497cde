// `npm run emulator:cli -- account service-principal-federation-policy create|list|get|update|delete …`
// Takes the Databricks CLI's arguments, so that the command Deltaport's wizard generates runs
// against the local emulator with `databricks` replaced. Reads the emulator's workspace.json
// (EMULATOR_FACTS or .data/emulator/workspace.json); --profile is accepted and ignored.
import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import type { EmulatorFacts } from "./index.ts";

const USAGE = `Usage:
  account service-principal-federation-policy create <SERVICE_PRINCIPAL_ID> --json '{"oidc_policy": {…}}' [--policy-id ID] [--profile P]
  account service-principal-federation-policy list   <SERVICE_PRINCIPAL_ID> [--profile P]
  account service-principal-federation-policy get    <SERVICE_PRINCIPAL_ID> <POLICY_ID> [--profile P]
  account service-principal-federation-policy delete <SERVICE_PRINCIPAL_ID> <POLICY_ID> [--profile P]
  account service-principal-federation-policy update <SERVICE_PRINCIPAL_ID> <POLICY_ID> --json '{"oidc_policy": {…}}' [--update-mask MASK] [--profile P]`;

function fail(message: string): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

function parse(argv: string[]) {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s);
      flags[name!] = inline ?? argv[++i] ?? fail(`--${name} needs a value`);
    } else positional.push(arg);
  }
  return { positional, flags };
}

function request(
  facts: EmulatorFacts,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(urlPath, facts.host),
      {
        method,
        ca: readFileSync(facts.caCertPath),
        headers: { authorization: `Bearer ${facts.adminToken}`, "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The request body given with --json, parsed, or the command fails saying why. */
function jsonFlag(json: string | undefined): unknown {
  if (!json) fail("--json is required");
  try {
    return JSON.parse(json);
  } catch {
    fail("--json is not valid JSON");
  }
}

async function main() {
  const { positional, flags } = parse(process.argv.slice(2));
  const [scope, group, verb, spId, policyId] = positional;
  if (scope !== "account" || group !== "service-principal-federation-policy" || !verb)
    fail(`unknown command\n${USAGE}`);
  if (!spId || !/^\d+$/.test(spId))
    fail(`invalid SERVICE_PRINCIPAL_ID '${spId ?? ""}': expected an int64 number`);
  const factsFile = path.resolve(process.env.EMULATOR_FACTS ?? ".data/emulator/workspace.json");
  let facts: EmulatorFacts;
  try {
    facts = JSON.parse(readFileSync(factsFile, "utf8")) as EmulatorFacts;
  } catch {
    fail(
      `cannot read the emulator's facts at ${factsFile}: start it with \`npm run emulator\` or \`npm run dev\``,
    );
  }
  const base = `/api/2.0/accounts/${facts.accountId}/servicePrincipals/${spId}/federationPolicies`;
  let answer: { status: number; text: string };
  if (verb === "create") {
    const body = jsonFlag(flags.json);
    answer = await request(
      facts,
      "POST",
      flags["policy-id"] ? `${base}?policy_id=${encodeURIComponent(flags["policy-id"])}` : base,
      body,
    );
  } else if (verb === "update") {
    if (!policyId) fail("update needs <SERVICE_PRINCIPAL_ID> <POLICY_ID>");
    const body = jsonFlag(flags.json);
    const mask = flags["update-mask"] ? `?update_mask=${encodeURIComponent(flags["update-mask"])}` : "";
    answer = await request(facts, "PATCH", `${base}/${policyId}${mask}`, body);
  } else if (verb === "list") {
    answer = await request(facts, "GET", base);
  } else if (verb === "get" || verb === "delete") {
    if (!policyId) fail(`${verb} needs <SERVICE_PRINCIPAL_ID> <POLICY_ID>`);
    answer = await request(facts, verb === "get" ? "GET" : "DELETE", `${base}/${policyId}`);
  } else {
    fail(`unknown verb '${verb}'\n${USAGE}`);
  }
  if (answer.status >= 400) {
    const error = JSON.parse(answer.text || "{}") as { message?: string };
    fail(error.message ?? `HTTP ${answer.status}`);
  }
  if (verb === "list") {
    const { policies } = JSON.parse(answer.text) as { policies: unknown[] };
    process.stdout.write(`${JSON.stringify(policies, null, 2)}\n`);
  } else if (verb !== "delete") {
    process.stdout.write(`${JSON.stringify(JSON.parse(answer.text), null, 2)}\n`);
  }
}

await main();
