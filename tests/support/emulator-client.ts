// Talks to the emulator as a product would: plain HTTPS trusting its CA, and the real
// @databricks/sql driver with a token.
import { readFileSync } from "node:fs";
import https from "node:https";
import { DBSQLClient, DBSQLLogger, LogLevel } from "@databricks/sql";
import type { EmulatorFacts } from "@/emulator/index";

export type HttpAnswer = { status: number; body: Record<string, unknown> };

/** An HTTPS client for the emulator that trusts its CA (TLS verification stays on). */
export function emulatorFetch(facts: EmulatorFacts) {
  const ca = readFileSync(facts.caCertPath, "utf8");
  return (
    path: string,
    init: { method?: string; token?: string; json?: unknown; form?: Record<string, string> } = {},
  ) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      let body: string | undefined;
      if (init.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(init.json);
      } else if (init.form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(init.form).toString();
      }
      const request = https.request(
        new URL(path, facts.host),
        { method: init.method ?? (body ? "POST" : "GET"), headers, ca },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({
              status: response.statusCode ?? 0,
              body: text && text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : { text },
            });
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}

export type SqlConnection = {
  query: (
    sql: string,
    options?: {
      namedParameters?: Record<string, string | number>;
      stagingAllowedLocalPath?: string[];
      queryTags?: Record<string, string>;
    },
  ) => Promise<Record<string, unknown>[]>;
  close: () => Promise<void>;
};

/** Opens a driver session on the emulator's warehouse with `token`. */
export async function connectSql(facts: EmulatorFacts, token: string): Promise<SqlConnection> {
  const url = new URL(facts.host);
  const client = new DBSQLClient({ logger: new DBSQLLogger({ level: LogLevel.error }) });
  await client.connect({
    host: url.hostname,
    port: Number(url.port),
    path: `/sql/1.0/warehouses/${facts.warehouseId}`,
    token,
    customCaCert: readFileSync(facts.caCertPath),
    telemetryEnabled: false,
  } as Parameters<DBSQLClient["connect"]>[0]);
  const session = await client.openSession({ initialCatalog: facts.catalog, initialSchema: facts.schema });
  return {
    async query(sql, options = {}) {
      const operation = await session.executeStatement(sql, options);
      try {
        return (await operation.fetchAll()) as Record<string, unknown>[];
      } finally {
        await operation.close();
      }
    },
    async close() {
      await session.close().catch(() => {});
      await client.close();
    },
  };
}
