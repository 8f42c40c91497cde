// The emulator's HTTPS server: routes each request to the account API, the token endpoint,
// the warehouse, staging transfers, or the emulator's own admin API and console.
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAccountApi } from "./account-api.ts";
import { consoleHtml } from "./console.ts";
import { FAULT_KINDS, type FaultKind, type FaultSpec, type Faults } from "./faults.ts";
import { BodyTooLarge, bearerToken, readBody, readJson, sendJson } from "./http-util.ts";
import { executeStatement } from "./sql/executor.ts";
import { SqlError } from "./sql/errors.ts";
import type { TableEngine } from "./sql/engine.ts";
import type { Principal, UnityCatalog } from "./sql/unity-catalog.ts";
import { ADMIN_PRINCIPAL, type StateStore } from "./state.ts";
import type { StagingUrls } from "./staging.ts";
import type { TokenExchange } from "./token-exchange.ts";
import { Warehouse } from "./warehouse.ts";

export type EmulatorParts = {
  store: StateStore;
  uc: UnityCatalog;
  engine: TableEngine;
  tokens: TokenExchange;
  warehouse: Warehouse;
  faults: Faults;
  stagingUrls: StagingUrls;
  volumesDir: string;
  baseUrl: () => string;
};

const WAREHOUSE_PERMISSION_LEVELS = ["CAN_USE", "CAN_MONITOR", "CAN_MANAGE", "IS_OWNER"];

function principalOf(parts: EmulatorParts, req: IncomingMessage): Principal | undefined {
  const token = bearerToken(req);
  if (!token) return undefined;
  if (token === parts.store.state.adminToken) return { name: ADMIN_PRINCIPAL, isAdmin: true };
  const name = parts.tokens.principalOf(token);
  return name ? { name, isAdmin: false } : undefined;
}

async function serveStaging(
  parts: EmulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const method = req.method ?? "GET";
  const grant = parts.stagingUrls.redeem(token, method);
  if (!grant) return sendJson(res, 403, { error: "The presigned URL is invalid, used or expired." });
  await parts.faults.delay("staging");
  const fault = parts.faults.take("staging");
  if (fault) {
    req.resume();
    return sendJson(res, fault.httpStatus ?? 503, { error: "Injected staging fault." });
  }
  if (method === "PUT") {
    if (!grant.overwrite && existsSync(grant.localPath))
      return sendJson(res, 409, { error: "The file already exists." });
    mkdirSync(path.dirname(grant.localPath), { recursive: true });
    const partial = `${grant.localPath}.uploading-${process.pid}-${Date.now()}`;
    await pipeline(req, createWriteStream(partial));
    renameSync(partial, grant.localPath);
    res.writeHead(200).end();
  } else if (method === "GET") {
    if (!existsSync(grant.localPath)) return sendJson(res, 404, { error: "No such file." });
    res.writeHead(200, { "content-type": "application/octet-stream" });
    await pipeline(createReadStream(grant.localPath), res);
  } else {
    if (!existsSync(grant.localPath)) return sendJson(res, 404, { error: "No such file." });
    rmSync(grant.localPath, { force: true });
    res.writeHead(200).end();
  }
}

async function serveAdmin(
  parts: EmulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /emulator/faults") return sendJson(res, 200, { log: parts.faults.log });
  if (route === "DELETE /emulator/faults") {
    parts.faults.clear();
    return sendJson(res, 200, {});
  }
  if (route === "POST /emulator/faults") {
    try {
      parts.faults.add((await readJson(req)) as FaultSpec);
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return sendJson(res, 200, {});
  }
  if (route === "POST /emulator/latency") {
    const { kind, milliseconds } = (await readJson(req)) as { kind: FaultKind; milliseconds: number };
    if (!FAULT_KINDS.includes(kind) || !(milliseconds >= 0))
      return sendJson(res, 400, { error: "kind and milliseconds are required" });
    parts.faults.setLatency(kind, milliseconds);
    return sendJson(res, 200, {});
  }
  if (route === "POST /emulator/warehouse/stop") {
    parts.warehouse.stop();
    return sendJson(res, 200, { state: parts.warehouse.state });
  }
  if (route === "GET /emulator/statements")
    return sendJson(res, 200, { statements: parts.warehouse.statementLog });
  if (route === "GET /emulator/overview") return sendJson(res, 200, await overview(parts));
  if (route === "POST /emulator/sql") {
    const { statement } = (await readJson(req)) as { statement: string };
    const session = {
      principal: { name: ADMIN_PRINCIPAL, isAdmin: true },
      catalog: "main",
      schema: "analytics",
    };
    try {
      const result = await executeStatement(statement, {
        uc: parts.uc,
        engine: parts.engine,
        session,
        volumesDir: parts.volumesDir,
        stagingUrls: parts.stagingUrls,
        parameters: {},
        knownPrincipals: () => knownPrincipals(parts),
      });
      return sendJson(res, 200, { columns: result.columns.map((column) => column.name), rows: result.rows });
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof SqlError ? error.message : String(error) });
    }
  }
  return sendJson(res, 404, { error: `No admin route ${route}` });
}

export function knownPrincipals(parts: EmulatorParts): string[] {
  return [ADMIN_PRINCIPAL, ...parts.store.state.servicePrincipals.map((sp) => sp.applicationId)];
}

async function overview(parts: EmulatorParts) {
  const { state } = parts.store;
  const tables = [];
  for (const [catalog, c] of Object.entries(state.catalogs)) {
    for (const [schema, s] of Object.entries(c.schemas)) {
      for (const [name, table] of Object.entries(s.tables)) {
        tables.push({
          name: `${catalog}.${schema}.${name}`,
          owner: table.owner,
          rows: await parts.engine.countRows(catalog, schema, name),
          columns: table.columns.length,
        });
      }
    }
  }
  const grants = [];
  for (const [catalog, c] of Object.entries(state.catalogs)) {
    grants.push({ securable: `CATALOG ${catalog}`, owner: c.owner, grants: c.grants });
    for (const [schema, s] of Object.entries(c.schemas)) {
      grants.push({ securable: `SCHEMA ${catalog}.${schema}`, owner: s.owner, grants: s.grants });
      for (const [name, t] of Object.entries(s.tables))
        grants.push({ securable: `TABLE ${catalog}.${schema}.${name}`, owner: t.owner, grants: t.grants });
      for (const [name, v] of Object.entries(s.volumes))
        grants.push({ securable: `VOLUME ${catalog}.${schema}.${name}`, owner: v.owner, grants: v.grants });
    }
  }
  return {
    warehouse: {
      id: state.warehouseId,
      state: parts.warehouse.state,
      permissions: state.warehousePermissions,
    },
    servicePrincipals: state.servicePrincipals,
    policies: Object.values(state.policies).flat(),
    grants,
    tables,
  };
}

function serveWarehousePermissions(
  parts: EmulatorParts,
  res: ServerResponse,
  method: string,
  body: unknown,
): void {
  const { state } = parts.store;
  const current = () => ({
    object_id: `/sql/warehouses/${state.warehouseId}`,
    object_type: "warehouses",
    access_control_list: Object.entries(state.warehousePermissions).map(([name, level]) => ({
      service_principal_name: name,
      all_permissions: [{ permission_level: level, inherited: false }],
    })),
  });
  if (method === "GET") return sendJson(res, 200, current());
  const list = (
    body as { access_control_list?: { service_principal_name?: string; permission_level?: string }[] } | null
  )?.access_control_list;
  if (!Array.isArray(list))
    return sendJson(res, 400, {
      error_code: "INVALID_PARAMETER_VALUE",
      message: "access_control_list is required.",
    });
  for (const entry of list) {
    if (
      !entry.service_principal_name ||
      !parts.store.servicePrincipalByApplicationId(entry.service_principal_name)
    ) {
      return sendJson(res, 400, {
        error_code: "INVALID_PARAMETER_VALUE",
        message: `Service principal ${entry.service_principal_name} does not exist.`,
      });
    }
    if (!entry.permission_level || !WAREHOUSE_PERMISSION_LEVELS.includes(entry.permission_level)) {
      return sendJson(res, 400, {
        error_code: "INVALID_PARAMETER_VALUE",
        message: `Permission level ${entry.permission_level} is not valid for warehouses.`,
      });
    }
  }
  for (const entry of list)
    state.warehousePermissions[entry.service_principal_name!] = entry.permission_level!;
  parts.store.save();
  return sendJson(res, 200, current());
}

/** The request listener of the emulator's HTTPS server. */
export function createRequestHandler(parts: EmulatorParts) {
  const { state } = parts.store;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", parts.baseUrl());
    const method = req.method ?? "GET";
    try {
      if (method === "GET" && url.pathname === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(consoleHtml());
      }
      if (method === "GET" && url.pathname === "/.well-known/databricks-config") {
        return sendJson(res, 200, {
          account_id: state.accountId,
          workspace_id: state.workspaceId,
          cloud: "aws",
          host: parts.baseUrl(),
        });
      }
      if (method === "GET" && url.pathname === "/oidc/.well-known/oauth-authorization-server") {
        const base = parts.baseUrl();
        return sendJson(res, 200, {
          issuer: `${base}/oidc`,
          authorization_endpoint: `${base}/oidc/v1/authorize`,
          token_endpoint: `${base}/oidc/v1/token`,
          grant_types_supported: ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
        });
      }
      if (method === "POST" && url.pathname === "/oidc/v1/token") {
        const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString("utf8"));
        const answer = await parts.tokens.exchange(form);
        return sendJson(res, answer.status, answer.body);
      }
      if (url.pathname.startsWith("/staging/"))
        return await serveStaging(parts, req, res, url.pathname.slice("/staging/".length));

      const principal = principalOf(parts, req);
      if (url.pathname.startsWith("/api/2.0/accounts/")) {
        const body = method === "POST" || method === "PATCH" ? await readJson(req) : null;
        const answer = handleAccountApi(parts.store, method, url, body, principal?.isAdmin === true);
        return sendJson(res, answer.status, answer.body);
      }
      if (url.pathname.startsWith("/emulator/")) {
        if (!principal?.isAdmin)
          return sendJson(res, 401, { error: "The emulator's admin token is required." });
        return await serveAdmin(parts, req, res, url);
      }
      const permissions = /^\/api\/2\.0\/permissions\/(?:sql\/)?warehouses\/([^/]+)$/.exec(url.pathname);
      if (permissions) {
        if (!principal?.isAdmin)
          return sendJson(res, 403, {
            error_code: "PERMISSION_DENIED",
            message: "Only a workspace admin can change warehouse permissions.",
          });
        if (permissions[1] !== state.warehouseId)
          return sendJson(res, 404, {
            error_code: "RESOURCE_DOES_NOT_EXIST",
            message: `Warehouse ${permissions[1]} does not exist.`,
          });
        return serveWarehousePermissions(parts, res, method, method === "GET" ? null : await readJson(req));
      }
      const warehouse = /^\/sql\/1\.0\/warehouses\/([^/]+)$/.exec(url.pathname);
      if (warehouse && method === "POST") {
        if (warehouse[1] !== state.warehouseId)
          return sendJson(res, 404, {
            error_code: "RESOURCE_DOES_NOT_EXIST",
            message: `Warehouse ${warehouse[1]} does not exist.`,
          });
        // Databricks answers a token it does not accept (expired, revoked, unknown) with 403, as it
        // does a missing CAN USE: https://github.com/databricks/databricks-sdk-go/issues/873
        if (!principal) return sendJson(res, 403, { error_code: 403, message: "Invalid access token." });
        // A stopped warehouse starts on the first request and answers 503 TEMPORARILY_UNAVAILABLE
        // until it runs (https://docs.databricks.com/aws/en/error-messages/error-classes). The
        // driver passes a statement's 503 on (it retries only its idempotent calls); the export
        // retries the step (lib/databricks/errors.ts classifies it TRANSIENT).
        if (parts.warehouse.state !== "RUNNING") {
          void parts.warehouse.ensureRunning();
          req.resume();
          return sendJson(
            res,
            503,
            { error_code: "TEMPORARILY_UNAVAILABLE", message: "The SQL warehouse is starting." },
            { "retry-after": "1" },
          );
        }
        const level = state.warehousePermissions[principal.name];
        if (!principal.isAdmin && !level?.match(/CAN_USE|CAN_MANAGE|IS_OWNER/)) {
          return sendJson(res, 403, {
            error_code: "PERMISSION_DENIED",
            message: `${principal.name} does not have CAN_USE on warehouse ${state.warehouseId}.`,
          });
        }
        const body = await readBody(req);
        if (Warehouse.methodOf(body) === "ExecuteStatement") {
          // HTTP faults answer here; SQL-error faults are raised by the operation (warehouse.ts).
          const fault = parts.faults.take("statement", (candidate) => !candidate.sqlError);
          if (fault)
            return sendJson(res, fault.httpStatus ?? 503, {
              error_code: "TEMPORARILY_UNAVAILABLE",
              message: "Injected warehouse fault.",
            });
        }
        return parts.warehouse.serveThrift(body, principal, res);
      }
      return sendJson(res, 404, {
        error_code: "ENDPOINT_NOT_FOUND",
        message: `No API found for '${method} ${url.pathname}'.`,
      });
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return sendJson(res, 413, {
          error_code: "REQUEST_LIMIT_EXCEEDED",
          message: "Request body too large.",
        });
      if (error instanceof SyntaxError)
        return sendJson(res, 400, {
          error_code: "MALFORMED_REQUEST",
          message: "The request body is not valid JSON.",
        });
      console.error("[emulator]", error);
      if (!res.headersSent)
        sendJson(res, 500, { error_code: "INTERNAL_ERROR", message: "The emulator failed; see its log." });
    }
  };
}
