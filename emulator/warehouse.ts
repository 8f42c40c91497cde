// The SQL warehouse: the Thrift (TCLIService) server that @databricks/sql speaks over HTTPS,
// answered with the Processor the driver itself ships. Statements run asynchronously, as on
// Databricks: ExecuteStatement returns a handle, the driver polls the status and fetches.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import thrift from "thrift";
import Int64 from "node-int64";
import { thrift as databricksThrift } from "@databricks/sql";
import type { Faults } from "./faults.ts";
import { executeStatement } from "./sql/executor.ts";
import { SqlError } from "./sql/errors.ts";
import { parameterLiteral } from "./sql/query.ts";
import { thriftTypeOf } from "./sql/types.ts";
import type { ExecutionContext, StatementResult } from "./sql/context.ts";
import type { TableEngine } from "./sql/engine.ts";
import type { Principal, SessionContext, UnityCatalog } from "./sql/unity-catalog.ts";
import type { StagingUrls } from "./staging.ts";

const { TCLIService, TCLIService_types: T } = databricksThrift;

type OperationState = "PENDING" | "RUNNING" | "FINISHED" | "ERROR" | "CANCELED";
type Operation = {
  principal: string;
  state: OperationState;
  result?: StatementResult;
  error?: SqlError;
  offset: number;
};

export type StatementLogEntry = {
  principal: string;
  statement: string;
  queryTags?: string;
  at: string;
  error?: string;
};

export type WarehouseDeps = {
  uc: UnityCatalog;
  engine: TableEngine;
  volumesDir: string;
  stagingUrls: StagingUrls;
  faults: Faults;
  knownPrincipals: () => string[];
  startDelayMs: number;
};

const STATE_IDS: Record<OperationState, number> = {
  PENDING: T.TOperationState.PENDING_STATE,
  RUNNING: T.TOperationState.RUNNING_STATE,
  FINISHED: T.TOperationState.FINISHED_STATE,
  ERROR: T.TOperationState.ERROR_STATE,
  CANCELED: T.TOperationState.CANCELED_STATE,
};

const SUCCESS = { statusCode: T.TStatusCode.SUCCESS_STATUS };
const failure = (message: string) => ({ statusCode: T.TStatusCode.ERROR_STATUS, errorMessage: message });

/** A new Thrift handle identifier: a valid UUID's bytes, as the driver expects. */
function newHandleId() {
  const guid = Buffer.from(randomUUID().replaceAll("-", ""), "hex");
  return { guid, secret: Buffer.from(randomUUID().replaceAll("-", ""), "hex") };
}

const keyOf = (handle: { guid: Buffer } | undefined) =>
  handle ? Buffer.from(handle.guid).toString("hex") : "";

function int64(value: unknown): Int64 {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(BigInt(String(value)));
  return new Int64(buffer);
}

/** A result value as the text Databricks puts on the wire for non-numeric types. */
function wireText(value: unknown, duckType: string): string {
  const type = duckType.toUpperCase();
  if (type.startsWith("TIMESTAMP")) return String(value).replace(/[+-]00(:00)?$/, "");
  if (type.startsWith("MAP(")) {
    const entries = value as { key: unknown; value: unknown }[];
    return JSON.stringify(Object.fromEntries(entries.map((entry) => [String(entry.key), entry.value])));
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function columnOf(values: unknown[], duckType: string) {
  const nulls = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value === null || value === undefined) nulls[i >> 3]! |= 1 << (i & 7);
  });
  const present = (fallback: unknown, map: (value: unknown) => unknown) =>
    values.map((value) => (value === null || value === undefined ? fallback : map(value)));
  switch (thriftTypeOf(duckType)) {
    case "BOOLEAN_TYPE":
      return { boolVal: { values: present(false, Boolean), nulls } };
    case "INT_TYPE":
      return { i32Val: { values: present(0, Number), nulls } };
    case "BIGINT_TYPE":
      return { i64Val: { values: present(int64(0), int64), nulls } };
    case "DOUBLE_TYPE":
      return { doubleVal: { values: present(0, Number), nulls } };
    default:
      return { stringVal: { values: present("", (value) => wireText(value, duckType)), nulls } };
  }
}

export class Warehouse {
  private readonly sessions = new Map<string, SessionContext>();
  private readonly operations = new Map<string, Operation>();
  readonly statementLog: StatementLogEntry[] = [];
  state: "RUNNING" | "STOPPED" | "STARTING" = "RUNNING";
  private started: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WarehouseDeps) {}

  /** Stops the warehouse: the next statement waits while it starts again. */
  stop(): void {
    this.state = "STOPPED";
  }

  /** Starts a stopped warehouse; resolves once it runs. */
  ensureRunning(): Promise<void> {
    if (this.state === "STOPPED") {
      this.state = "STARTING";
      this.deps.faults.record("statement", "warehouse starting");
      this.started = new Promise((resolve) =>
        setTimeout(() => {
          this.state = "RUNNING";
          resolve();
        }, this.deps.startDelayMs),
      );
    }
    return this.started;
  }

  private async run(
    operation: Operation,
    statement: string,
    session: SessionContext,
    parameters: Record<string, string>,
  ): Promise<void> {
    await this.ensureRunning();
    await this.deps.faults.delay("statement");
    operation.state = "RUNNING";
    const fault = this.deps.faults.take("statement", (candidate) => Boolean(candidate.sqlError));
    const ctx: ExecutionContext = {
      uc: this.deps.uc,
      engine: this.deps.engine,
      session,
      volumesDir: this.deps.volumesDir,
      stagingUrls: this.deps.stagingUrls,
      parameters,
      knownPrincipals: this.deps.knownPrincipals,
      copyHook: (phase) => {
        const copyFault = this.deps.faults.take(
          "copy",
          (candidate) => (candidate.phase ?? "before") === phase,
        );
        if (copyFault?.sqlError)
          throw new SqlError(
            copyFault.sqlError.errorClass,
            copyFault.sqlError.sqlState,
            copyFault.sqlError.message,
          );
        if (copyFault)
          throw new SqlError("INTERNAL_ERROR", "XX000", `Injected COPY INTO failure (${phase}).`);
      },
    };
    try {
      if (fault?.sqlError)
        throw new SqlError(fault.sqlError.errorClass, fault.sqlError.sqlState, fault.sqlError.message);
      operation.result = await executeStatement(statement, ctx);
      if (operation.state === "RUNNING") operation.state = "FINISHED";
    } catch (error) {
      operation.error =
        error instanceof SqlError ? error : new SqlError("INTERNAL_ERROR", "XX000", String(error));
      operation.state = "ERROR";
    }
  }

  /** The TCLIService handler for one request, on behalf of `principal`. */
  private handlerFor(principal: Principal) {
    const sessionFor = (handle: { sessionId: { guid: Buffer } }) => {
      const session = this.sessions.get(keyOf(handle.sessionId));
      if (!session || session.principal.name !== principal.name) throw new Error("Invalid SessionHandle");
      return session;
    };
    const operationFor = (handle: { operationId: { guid: Buffer } }) => {
      const operation = this.operations.get(keyOf(handle.operationId));
      if (!operation || operation.principal !== principal.name) throw new Error("Invalid OperationHandle");
      return operation;
    };
    return {
      OpenSession: (req: { initialNamespace?: { catalogName?: string; schemaName?: string } }) => {
        const id = newHandleId();
        this.sessions.set(keyOf(id), {
          principal,
          catalog: (req.initialNamespace?.catalogName || "main").toLowerCase(),
          schema: (req.initialNamespace?.schemaName || "default").toLowerCase(),
        });
        return {
          status: SUCCESS,
          serverProtocolVersion: T.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8,
          sessionHandle: { sessionId: id },
          configuration: {},
        };
      },
      CloseSession: (req: { sessionHandle: { sessionId: { guid: Buffer } } }) => {
        this.sessions.delete(keyOf(req.sessionHandle.sessionId));
        return { status: SUCCESS };
      },
      GetInfo: () => ({ status: SUCCESS, infoValue: { stringValue: "Databricks SQL (Deltaport emulator)" } }),
      ExecuteStatement: (req: {
        sessionHandle: { sessionId: { guid: Buffer } };
        statement: string;
        confOverlay?: Record<string, string>;
        parameters?: { name?: string; type?: string; value?: { stringValue?: string } }[];
      }) => {
        const session = sessionFor(req.sessionHandle);
        const parameters: Record<string, string> = {};
        for (const parameter of req.parameters ?? []) {
          if (parameter.name)
            parameters[parameter.name] = parameterLiteral(parameter.type, parameter.value?.stringValue);
        }
        this.statementLog.push({
          principal: principal.name,
          statement: req.statement,
          queryTags: req.confOverlay?.query_tags,
          at: new Date().toISOString(),
        });
        const id = newHandleId();
        const operation: Operation = { principal: principal.name, state: "PENDING", offset: 0 };
        this.operations.set(keyOf(id), operation);
        void this.run(operation, req.statement, session, parameters).then(() => {
          if (operation.error) this.statementLog.at(-1)!.error = operation.error.message;
        });
        return {
          status: SUCCESS,
          operationHandle: {
            operationId: id,
            operationType: T.TOperationType.EXECUTE_STATEMENT,
            hasResultSet: true,
          },
        };
      },
      GetOperationStatus: (req: { operationHandle: { operationId: { guid: Buffer } } }) => {
        const operation = operationFor(req.operationHandle);
        return {
          status: SUCCESS,
          operationState: STATE_IDS[operation.state],
          hasResultSet:
            operation.state === "FINISHED" ? (operation.result?.columns.length ?? 0) > 0 : undefined,
          ...(operation.error
            ? {
                sqlState: operation.error.sqlState,
                errorMessage: operation.error.message,
                displayMessage: operation.error.message,
              }
            : {}),
        };
      },
      GetResultSetMetadata: (req: { operationHandle: { operationId: { guid: Buffer } } }) => {
        const operation = operationFor(req.operationHandle);
        if (operation.state !== "FINISHED" || !operation.result)
          return { status: failure("The operation has no result set.") };
        return {
          status: SUCCESS,
          schema: {
            columns: operation.result.columns.map((column, i) => ({
              columnName: column.name,
              typeDesc: {
                types: [
                  {
                    primitiveEntry: { type: T.TTypeId[thriftTypeOf(column.type) as keyof typeof T.TTypeId] },
                  },
                ],
              },
              position: i + 1,
            })),
          },
          resultFormat: T.TSparkRowSetType.COLUMN_BASED_SET,
          lz4Compressed: false,
          isStagingOperation: Boolean(operation.result.staging),
        };
      },
      FetchResults: (req: {
        operationHandle: { operationId: { guid: Buffer } };
        maxRows: Int64 | number;
      }) => {
        const operation = operationFor(req.operationHandle);
        if (operation.state !== "FINISHED" || !operation.result)
          return { status: failure("The operation has no result set.") };
        const { columns, rows } = operation.result;
        const maxRows = Math.max(
          1,
          Number(typeof req.maxRows === "number" ? req.maxRows : req.maxRows.toNumber()) || 10_000,
        );
        const slice = rows.slice(operation.offset, operation.offset + maxRows);
        const startRowOffset = operation.offset;
        operation.offset += slice.length;
        return {
          status: SUCCESS,
          hasMoreRows: operation.offset < rows.length,
          results: {
            startRowOffset: int64(startRowOffset),
            rows: [],
            columns: columns.map((column, c) =>
              columnOf(
                slice.map((row) => row[c]),
                column.type,
              ),
            ),
          },
        };
      },
      CancelOperation: (req: { operationHandle: { operationId: { guid: Buffer } } }) => {
        operationFor(req.operationHandle).state = "CANCELED";
        return { status: SUCCESS };
      },
      CloseOperation: (req: { operationHandle: { operationId: { guid: Buffer } } }) => {
        this.operations.delete(keyOf(req.operationHandle.operationId));
        return { status: SUCCESS };
      },
    };
  }

  /** Serves one Thrift-over-HTTP request whose caller is already authenticated. */
  serveThrift(body: Buffer, principal: Principal, res: ServerResponse): void {
    const processor = new TCLIService.Processor(this.handlerFor(principal));
    thrift.TBufferedTransport.receiver((transportWithData) => {
      const input = new thrift.TBinaryProtocol(transportWithData);
      const output = new thrift.TBinaryProtocol(
        new thrift.TBufferedTransport(undefined, (buffer) => {
          res.writeHead(200, { "content-type": "application/x-thrift" });
          res.end(buffer);
        }),
      );
      processor.process(input, output);
    }, 0)(body);
  }

  /** The Thrift method a request body calls (strict binary protocol), for fault injection. */
  static methodOf(body: Buffer): string | undefined {
    if (body.length < 8) return undefined;
    const length = body.readInt32BE(4);
    return body.subarray(8, 8 + length).toString("utf8");
  }
}
