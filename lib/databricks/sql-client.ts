import "server-only";
import { DBSQLClient, DBSQLLogger, LogLevel } from "@databricks/sql";
import { classifySqlError } from "@/lib/databricks/errors";
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

/** Opens a session on the target's warehouse, runs `work`, and closes everything. */
export async function withDatabricksSession<T>(
  target: DatabricksTarget,
  queryTags: Record<string, string>,
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const { host, port } = new URL(target.workspaceOrigin);
  const client = new DBSQLClient({ logger });
  const tokenProvider = new FederatedTokenProvider(target);
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
    throw classified;
  } finally {
    await client.close().catch(() => {});
  }
}
