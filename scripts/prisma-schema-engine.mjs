#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, which is downloaded from Prisma's own
// host at install time and cannot be fetched on offline machines. The Prisma CLI spawns the
// file named by PRISMA_SCHEMA_ENGINE_BINARY and speaks JSON-RPC to it over stdio; this
// script answers by forwarding each call to the official wasm build of the same engine
// (@prisma/schema-engine-wasm, pinned to the version @prisma/internals pins for our
// prisma release), which reaches PostgreSQL through @prisma/adapter-pg.
//
// Two modes, as the CLI uses them:
//   schema-engine --datasource '{"url":…}' cli <can-connect-to-database|create-database|drop-database>
//   schema-engine [--datamodels <file>]… [--datasource '{"url":…}']     (JSON-RPC on stdin/stdout)
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

let lastPanicMessage;

// The package is built for bundlers (it imports the .wasm file as a module), which Node does
// not do; so instantiate the module here and hand it to the generated bindings.
async function loadSchemaEngine() {
  // The bindings report a Rust panic's message through this global before throwing.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message) => {
      lastPanicMessage = message;
      process.stderr.write(
        `${JSON.stringify({ level: "ERROR", target: "schema_engine::panic", fields: { message } })}\n`,
      );
    },
  };
  const bindingsPath = fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const wasmPath = path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
    "./schema_engine_bg.js": engineBindings,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return engineBindings;
}

// adapter-pg cannot map Postgres' internal one-byte "char" type (OID 18), which the engine's
// catalog queries return (pg_constraint.contype, …), and the engine expects it typed as a
// Character column. Teach the adapter's query class that one type, once.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const charColumnsByRows = new WeakMap();
let charTypePatched = false;

function teachCharType(adapter) {
  if (charTypePatched) return;
  charTypePatched = true;
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
  const { performIO, queryRaw } = queryable;
  queryable.performIO = async function performIOWithChar(query) {
    const result = await performIO.call(this, query);
    const charColumns = [];
    result.fields?.forEach((field, index) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      charColumns.push(index);
    });
    if (charColumns.length) charColumnsByRows.set(result.rows, charColumns);
    return result;
  };
  queryable.queryRaw = async function queryRawWithChar(query) {
    const result = await queryRaw.call(this, query);
    for (const index of charColumnsByRows.get(result.rows) ?? [])
      result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

// adapter-pg runs a migration script by splitting it at every ";", which breaks a DO block or a
// string holding a semicolon; Prisma's native engine sends the script whole. So do that: the
// simple query protocol runs a multi-statement script as one implicit transaction.
let wholeScriptsPatched = false;
function runScriptsWhole(adapter) {
  if (wholeScriptsPatched) return;
  wholeScriptsPatched = true;
  Object.getPrototypeOf(adapter).executeScript = async function executeWholeScript(script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
}

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cliCommand: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels") args.datamodels.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "cli") args.cliCommand = argv[++i];
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++;
    else if (arg === "--version" || arg === "-V") args.cliCommand = "version";
  }
  return args;
}

/** Discrete connection fields: adapter-pg ignores a database override next to a connectionString. */
function poolConfig(url, database) {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: database ?? decodeURIComponent(parsed.pathname.slice(1)),
    ssl: parsed.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: true } : undefined,
  };
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * adapter-pg's own shadow database handling drops the database while its pool still holds
 * connections, and the pool never drains while the engine keeps one checked out; so drop it
 * WITH (FORCE), which ends those connections, then close the pool. Also teaches every
 * adapter it makes the "char" type.
 */
class ShadowAwarePg extends PrismaPg {
  constructor(url, shadowUrl) {
    super(poolConfig(url));
    this.url = url;
    this.shadowUrl = shadowUrl;
  }

  async connect() {
    const adapter = await super.connect();
    teachCharType(adapter);
    runScriptsWhole(adapter);
    return adapter;
  }

  async connectToShadowDb() {
    if (this.shadowUrl) return new PrismaPg(poolConfig(this.shadowUrl)).connect();
    const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    await runOnMaintenanceDb(this.url, `CREATE DATABASE ${quoteIdent(name)}`);
    const adapter = await new PrismaPg(poolConfig(this.url, name)).connect();
    teachCharType(adapter);
    runScriptsWhole(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await runOnMaintenanceDb(this.url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await dispose();
    };
    return adapter;
  }
}

async function runOnMaintenanceDb(url, sql) {
  const client = new pg.Client(poolConfig(url, "postgres"));
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

// The CLI drops the first stderr line, then parses each following one as a log record.
function reportCliError(errorCode, message) {
  process.stderr.write("schema-engine stand-in\n");
  const record = {
    level: "ERROR",
    target: "schema_engine::logger",
    fields: { error_code: errorCode, message },
  };
  process.stderr.write(`${JSON.stringify(record)}\n`);
  process.exit(1);
}

async function runCliCommand(command, datasource) {
  if (command === "version") {
    process.stdout.write(`schema-engine-wasm ${(await loadSchemaEngine()).version()}\n`);
    return;
  }
  const url = datasource?.url;
  if (!url) reportCliError("P1012", "The datasource has no url.");
  const database = poolConfig(url).database;
  try {
    if (command === "can-connect-to-database") {
      const client = new pg.Client(poolConfig(url));
      await client.connect();
      await client.end();
    } else if (command === "create-database") {
      await runOnMaintenanceDb(url, `CREATE DATABASE ${quoteIdent(database)}`);
    } else if (command === "drop-database") {
      await runOnMaintenanceDb(url, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    } else {
      reportCliError("P1000", `Unknown schema-engine cli command: ${command}`);
    }
  } catch (error) {
    const code = error.code === "3D000" ? "P1003" : error.code === "28P01" ? "P1000" : "P1001";
    reportCliError(code, String(error.message));
  }
}

// RPC names the CLI uses whose wasm method is named otherwise.
const renamedMethods = { getDatabaseVersion: "version" };

function rpcError(id, error) {
  const isPanic = error instanceof WebAssembly.RuntimeError;
  const message =
    isPanic && lastPanicMessage
      ? lastPanicMessage
      : typeof error?.message === "string"
        ? error.message
        : String(error);
  const errorCode = error?.error_code ?? error?.code;
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: isPanic, message, error_code: typeof errorCode === "string" ? errorCode : undefined },
    },
  };
}

async function serveRpc(args) {
  const url = args.datasource?.url;
  if (!url) {
    process.stderr.write("schema-engine stand-in: the datasource has no url (set DATABASE_URL)\n");
    process.exit(1);
  }
  const datamodels = args.datamodels.map((path) => [path, readFileSync(path, "utf8")]);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(
    new ShadowAwarePg(url, args.datasource.shadowDatabaseUrl),
  );
  const log = (line) => process.stderr.write(`${line}\n`);
  const { SchemaEngine } = await loadSchemaEngine();
  const engine = await SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    log,
    adapterFactory,
  );

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    if (request.method === undefined) continue; // the CLI's answer to a `print` request of ours
    const method = renamedMethods[request.method] ?? request.method;
    let response;
    try {
      if (typeof engine[method] !== "function")
        throw new Error(`Method not supported by the wasm engine: ${request.method}`);
      const result = await engine[method](request.params ?? {});
      // The native engine prints a diff's script through a `print` request to the CLI; the
      // wasm engine returns it as `stdout` instead.
      if (method === "diff" && typeof result?.stdout === "string") {
        process.stdout.write(
          `${JSON.stringify({ jsonrpc: "2.0", id: `print-${request.id}`, method: "print", params: { content: result.stdout } })}\n`,
        );
      }
      response = { jsonrpc: "2.0", id: request.id, result: result ?? null };
    } catch (error) {
      response = rpcError(request.id, error);
    }
    process.stdout.write(`${JSON.stringify(response)}\n`);
  }
  engine.free();
}

const args = parseArgs(process.argv.slice(2));
if (args.cliCommand) await runCliCommand(args.cliCommand, args.datasource);
else await serveRpc(args);
