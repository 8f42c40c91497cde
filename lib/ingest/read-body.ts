import "server-only";
import { answers, type IngestAnswer } from "@/lib/ingest/answers";
import type { ByteBudget } from "@/lib/ingest/bytes-in-flight";
import { BodyPrescan } from "@/lib/ingest/body-prescan";
import { BODY_READ_DEADLINE_MS, BUSY_RETRY_AFTER_SECONDS, MAX_JSON_DEPTH } from "@/lib/ingest/limits";

/**
 * A body read whole, holding its bytes in the budget until `release` is called, with its
 * top-level api_key where the bytes show it plainly (body-prescan.ts).
 */
export type HeldBody = { text: string; bytes: number; apiKey: string | undefined; release: () => void };

/**
 * Reads an ingest request's body, refusing it as early as possible: past `maxBytes` (413), when
 * the process's byte budget cannot hold it (503 with Retry-After; a declared length is taken
 * before any byte is read), or as soon as it nests deeper than MAX_JSON_DEPTH (400). On a
 * refusal nothing stays held. A gzip body (Content-Encoding: gzip, as the browser SDK sends
 * with enableRequestBodyCompression) is decompressed as it arrives, and every limit applies to
 * its decompressed bytes: a small gzip bomb is a 413, never memory.
 */
export async function readIngestBody(
  request: Request,
  maxBytes: number,
  budget: ByteBudget,
  { deadlineMs = BODY_READ_DEADLINE_MS }: { deadlineMs?: number } = {},
): Promise<HeldBody | IngestAnswer> {
  const declared = Number(request.headers.get("content-length") || NaN);
  if (declared > maxBytes) return answers.tooLarge();
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") return answers.unsupportedEncoding(encoding);
  if (!request.body) return answers.missingBody();
  // A declared length that the budget cannot hold now is refused before a byte is read.
  if (Number.isFinite(declared) && !budget.couldTake(declared)) return answers.busy(BUSY_RETRY_AFTER_SECONDS);

  // Bytes are taken from the budget as they arrive, never on a declared length alone: a client
  // that declares much and sends nothing holds nothing. A body not read within the deadline is
  // refused (408), so that no slow sender holds budget or a request for long.
  let held = 0;
  let size = 0;
  let chunks: Uint8Array[] = [];
  const gzip = encoding === "gzip";
  const reader = (
    gzip ? request.body.pipeThrough(new DecompressionStream("gzip")) : request.body
  ).getReader();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, deadlineMs);
  // A refused body is read to its end and dropped (up to maxBytes, within the deadline),
  // holding nothing, so that the client, still sending, reads the answer, not a reset.
  const refuse = async (answer: IngestAnswer, drainRest = true) => {
    budget.give(held);
    held = 0;
    chunks = [];
    if (drainRest && !timedOut) await drain(reader, maxBytes - size);
    clearTimeout(deadline);
    return timedOut ? answers.tooSlow(deadlineMs) : answer;
  };
  const prescan = new BodyPrescan(MAX_JSON_DEPTH);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return refuse(answers.tooSlow(deadlineMs), false);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return refuse(answers.tooLarge(), false);
      }
      if (!budget.tryTake(value.byteLength)) return refuse(answers.busy(BUSY_RETRY_AFTER_SECONDS));
      held += value.byteLength;
      if (!prescan.scan(value)) return refuse(answers.tooDeep(MAX_JSON_DEPTH));
      chunks.push(value);
    }
  } catch {
    // Bytes that are not gzip, or end before it does; otherwise the client went away.
    return refuse(gzip ? answers.invalidGzip() : answers.missingBody(), false);
  }
  clearTimeout(deadline);
  const text = Buffer.concat(chunks).toString("utf8");
  chunks = []; // the text holds the bytes from here on
  let released = false;
  return {
    text,
    bytes: size,
    apiKey: prescan.apiKey,
    release: () => {
      if (!released) budget.give(held);
      released = true;
    },
  };
}

/** Reads and drops what is left of a body, up to `limit` more bytes; past that, hangs up. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number) {
  try {
    for (let dropped = 0; ; ) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
      if (dropped > limit) break;
    }
  } catch {
    return; // the client went away
  }
  await reader.cancel().catch(() => {});
}
