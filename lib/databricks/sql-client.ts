import "server-only";
import { DBSQLClient, DBSQLLogger, LogLevel } from "@databricks/sql";
import { classifySqlError, type DatabricksError } from "@/lib/databricks/errors";
import { customCaCertificate } from "@/lib/databricks/https";
import {
  FederatedTokenProvider,
  forgetWorkspaceToken,
  type FederatedCredential,
} from "@/lib/databricks/token-provider";

// The one place that opens Databricks sessions: connect → session → statements → close, all
// closed in `finally`; every statement tagged with who runs it; every failure classified.

export type DatabricksTarget = FederatedCredential & {
  warehouseId: string;
  catalog?: string;
  schema?: string;
};

export type SqlOptions = {
  namedParameters?: Record<string, string | number | boolean>;
  stagingAllowedLocalPath?: string[];
};
export type SqlSession = {
  query: (statement: string, options?: SqlOptions) => Promise<Record<string, unknown>[]>;
};

// The driver logs at info level by default; only its errors are worth a line here.
const logger = new DBSQLLogger({ level: LogLevel.error });

/**
 * Opens a session on the target's warehouse, runs `work`, and closes everything. Databricks
 * answers 403 for a token it no longer accepts as well as for a missing CAN USE: when opening
 * the session is refused so, the token is exchanged again once before the refusal stands.
 */
export async function withDatabricksSession<T>(
  target: DatabricksTarget,
  queryTags: Record<string, string>,
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  try {
    return await runSession(target, queryTags, work);
  } catch (error) {
    if (!(error instanceof SessionRefused)) throw error;
    forgetWorkspaceToken(target);
    try {
      return await runSession(target, queryTags, work);
    } catch (again) {
      throw again instanceof SessionRefused ? again.error : again;
    }
  }
}

/** Opening the session was refused with 401/403: the token may have expired or been revoked. */
class SessionRefused extends Error {
  constructor(readonly error: DatabricksError) {
    super(error.message);
  }
}

async function runSession<T>(
  target: DatabricksTarget,
  queryTags: Record<string, string>,
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const { host, port } = new URL(target.workspaceOrigin);
  const client = new DBSQLClient({ logger });
  const tokenProvider = new FederatedTokenProvider(target);
  let opened = false;
  try {
    await client.connect({
      host: host.replace(/:\d+$/, ""),
      port: port ? Number(port) : 443,
      path: `/sql/1.0/warehouses/${target.warehouseId}`,
      authType: "token-provider",
      tokenProvider,
      customCaCert: customCaCertificate(),
      telemetryEnabled: false,
    } as Parameters<DBSQLClient["connect"]>[0]);
    const session = await client.openSession({
      initialCatalog: target.catalog,
      initialSchema: target.schema,
    });
    opened = true;
    try {
      return await work({
        async query(statement, options = {}) {
          try {
            const operation = await session.executeStatement(statement, { ...options, queryTags });
            try {
              return (await operation.fetchAll()) as Record<string, unknown>[];
            } finally {
              await operation.close().catch(() => {});
            }
          } catch (error) {
            throw tokenProvider.failure ?? classifySqlError(error);
          }
        },
      });
    } finally {
      await session.close().catch(() => {});
    }
  } catch (error) {
    const classified = tokenProvider.failure ?? classifySqlError(error);
    if (classified.code === "PERMISSION_DENIED") forgetWorkspaceToken(target);
    const refusedAtOpen =
      !opened &&
      !tokenProvider.failure &&
      (classified.code === "WAREHOUSE_ACCESS_DENIED" || classified.code === "PERMISSION_DENIED");
    throw refusedAtOpen ? new SessionRefused(classified) : classified;
  } finally {
    await client.close().catch(() => {});
  }
}
