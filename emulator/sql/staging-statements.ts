// PUT / GET / REMOVE (answered with a presigned URL for the driver) and LIST on volumes.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { resultOf, type ExecutionContext, type StatementResult } from "./context.ts";
import { SqlError, sqlErrors } from "./errors.ts";
import { Cursor } from "./tokenizer.ts";
import { parseVolumePath } from "./volumes.ts";

const STAGING_COLUMNS: [string, string][] = [
  ["operation", "VARCHAR"],
  ["localFile", "VARCHAR"],
  ["presignedUrl", "VARCHAR"],
  ["headers", "MAP(VARCHAR, VARCHAR)"],
];

function stagingAnswer(operation: string, localFile: string | null, presignedUrl: string): StatementResult {
  // A REMOVE has no local file; the driver checks the column is absent, not null.
  if (localFile === null) {
    const columns = STAGING_COLUMNS.filter(([name]) => name !== "localFile");
    return { ...resultOf(columns, [[operation, presignedUrl, []]]), staging: true };
  }
  return { ...resultOf(STAGING_COLUMNS, [[operation, localFile, presignedUrl, []]]), staging: true };
}

export function putStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const localFile = cursor.string();
  cursor.expectWord("INTO");
  const target = parseVolumePath(cursor.string(), ctx.volumesDir);
  const overwrite = cursor.acceptWords("OVERWRITE");
  cursor.expectEnd();
  ctx.uc.requireOnVolume(ctx.session.principal, "WRITE VOLUME", target.volume);
  if (!target.relative) throw sqlErrors.invalidPath("PUT needs a file path inside the volume.");
  if (!overwrite && existsSync(target.localPath)) {
    throw new SqlError(
      "FILE_ALREADY_EXISTS",
      "42K04",
      `The file ${target.display} already exists; use OVERWRITE to replace it.`,
    );
  }
  return stagingAnswer(
    "PUT",
    localFile,
    ctx.stagingUrls.issue({ method: "PUT", localPath: target.localPath, overwrite }),
  );
}

export function getStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const source = parseVolumePath(cursor.string(), ctx.volumesDir);
  cursor.expectWord("TO");
  const localFile = cursor.string();
  cursor.expectEnd();
  ctx.uc.requireOnVolume(ctx.session.principal, "READ VOLUME", source.volume);
  if (!existsSync(source.localPath)) throw sqlErrors.fileNotFound(source.display);
  return stagingAnswer(
    "GET",
    localFile,
    ctx.stagingUrls.issue({ method: "GET", localPath: source.localPath, overwrite: false }),
  );
}

export function removeStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const target = parseVolumePath(cursor.string(), ctx.volumesDir);
  cursor.expectEnd();
  ctx.uc.requireOnVolume(ctx.session.principal, "WRITE VOLUME", target.volume);
  return stagingAnswer(
    "REMOVE",
    null,
    ctx.stagingUrls.issue({ method: "DELETE", localPath: target.localPath, overwrite: false }),
  );
}

export function listStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const target = parseVolumePath(cursor.string(), ctx.volumesDir);
  cursor.expectEnd();
  ctx.uc.requireOnVolume(ctx.session.principal, "READ VOLUME", target.volume);
  const columns: [string, string][] = [
    ["path", "VARCHAR"],
    ["name", "VARCHAR"],
    ["size", "BIGINT"],
    ["modification_time", "BIGINT"],
  ];
  if (!existsSync(target.localPath)) {
    if (target.relative) throw sqlErrors.fileNotFound(target.display);
    return resultOf(columns, []); // a volume nothing was written to yet
  }
  const entries = statSync(target.localPath).isDirectory()
    ? readdirSync(target.localPath, { withFileTypes: true }).map((entry) => entry.name)
    : [path.basename(target.localPath)];
  const directory = statSync(target.localPath).isDirectory()
    ? target.localPath
    : path.dirname(target.localPath);
  const displayDirectory = statSync(target.localPath).isDirectory()
    ? target.display
    : path.posix.dirname(target.display);
  const rows = entries.sort().map((name) => {
    const stat = statSync(path.join(directory, name));
    const isDirectory = stat.isDirectory();
    return [
      `${displayDirectory}/${name}${isDirectory ? "/" : ""}`,
      `${name}${isDirectory ? "/" : ""}`,
      isDirectory ? 0 : stat.size,
      Math.floor(stat.mtimeMs),
    ];
  });
  return resultOf(columns, rows);
}
