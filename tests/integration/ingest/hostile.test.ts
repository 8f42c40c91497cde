import { request as httpRequest, type ClientRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { ByteBudget } from "@/lib/ingest/bytes-in-flight";
import { ingestByteBudget } from "@/lib/ingest/handle-ingest";
import { readIngestBody } from "@/lib/ingest/read-body";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "@/lib/ingest/limits";
import { DEFAULT_DEMO_API_KEY } from "@/prisma/seed";
import { demoIngestServer } from "@/tests/support/ingest-server";

// Issue 14, item 1: bodies built to cost the process more than their size, refused before
// anything is parsed into objects, and a bound on the bytes the process holds at a time.
const demo = demoIngestServer();

const event = (n: number) => ({
  event_type: "hostile",
  device_id: `hostile-device-${n}`,
  insert_id: `h-${n}`,
});
const nested = (depth: number): unknown => (depth === 0 ? "leaf" : [nested(depth - 1)]);

async function post(path: string, body: string) {
  const response = await fetch(`${demo.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/**
 * A request that declares `length` bytes, sends `sent` of them, and waits; resolves once the
 * server holds `heldAfter` bytes in all (or after 2 s).
 */
function openUpload(path: string, length: number, sent: number, heldAfter: number): Promise<ClientRequest> {
  const { hostname, port } = new URL(demo.url);
  const req = httpRequest({
    hostname,
    port,
    path,
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(length) },
  });
  req.on("error", () => {}); // destroyed by the test
  if (sent > 0) req.write(`{"api_key":"${"k".repeat(Math.max(0, sent - 12))}`);
  else req.flushHeaders();
  return new Promise((resolve) => {
    const started = Date.now();
    const check = () =>
      ingestByteBudget().inUse >= heldAfter || Date.now() - started > 2000
        ? resolve(req)
        : setTimeout(check, 10);
    check();
  });
}

describe("ingest under attack", () => {
  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400, in fields the validator ignores too`, async () => {
    const before = await db.event.count({ where: { projectId: demo.projectId } });
    // The envelope and the event take 3 levels: a property nested to the limit still fits.
    const within = {
      api_key: DEFAULT_DEMO_API_KEY,
      events: [{ ...event(1), event_properties: { a: nested(18) } }],
    };
    expect((await post("/2/httpapi", JSON.stringify(within))).status).toBe(200);

    const past = { api_key: DEFAULT_DEMO_API_KEY, events: [event(2)], ignored: nested(MAX_JSON_DEPTH) };
    const answer = await post("/2/httpapi", JSON.stringify(past));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 400,
      error: "Invalid JSON request body",
      detail: `nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
    expect(await db.event.count({ where: { projectId: demo.projectId } })).toBe(before + 1);
  });

  it("refuses a 19 MB nested /batch body without parsing it, and holds none of its bytes after", async () => {
    const open = "[".repeat(19 * 1024 * 1024);
    const started = performance.now();
    const answer = await post("/batch", `{"api_key":"${DEFAULT_DEMO_API_KEY}","events":${open}`);
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(ingestByteBudget().inUse).toBe(0);
    // Not a timing target (benchmarks hold those): a guard that nothing was parsed.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("refuses a large body whose api_key is unknown, and reads the key as JSON.parse would", async () => {
    const wide = `{"api_key":"not-a-key-of-anyone","events":[],"pad":[${'{"k":[1,"v"]},'.repeat(1_000_000)}{}]}`;
    expect(await post("/batch", wide)).toMatchObject({ status: 400, body: { error: "Invalid API key" } });
    // The last api_key wins, as in JSON.parse, whether the first is known or not.
    const events = [event(5)];
    const lastKnown = `{"api_key":"unknown","events":${JSON.stringify(events)},"api_key":"${DEFAULT_DEMO_API_KEY}"}`;
    expect((await post("/2/httpapi", lastKnown)).status).toBe(200);
    const lastUnknown = `{"api_key":"${DEFAULT_DEMO_API_KEY}","events":${JSON.stringify(events)},"api_key":"unknown"}`;
    expect((await post("/2/httpapi", lastUnknown)).body.error).toBe("Invalid API key");
    const escaped = `{"api\\u005fkey":"${DEFAULT_DEMO_API_KEY}","events":${JSON.stringify([event(6)])}}`;
    expect((await post("/2/httpapi", escaped)).status).toBe(200);
  });

  it("answers 503 with Retry-After while the process holds its byte budget, and takes requests again after", async () => {
    const limit = env().INGEST_MAX_BYTES_IN_FLIGHT;
    const large = MAX_BODY_BYTES.batch;
    const holders: ClientRequest[] = [];
    let held = 0;
    try {
      // Bodies sent all but their last byte: the server holds what arrived.
      for (; held + large <= limit; held += large - 1)
        holders.push(await openUpload("/batch", large, large - 1, held + large - 1));
      expect(ingestByteBudget().inUse).toBe(held);

      const body = JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events: [event(3)] });
      // Past the budget only by this one request's bytes.
      const refused = await post("/batch", body.padEnd(limit - held + 1, " "));
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.body.code).toBe(503);
      expect(refused.headers.get("access-control-allow-origin")).toBe("*");
      expect(ingestByteBudget().inUse).toBe(held);
    } finally {
      for (const holder of holders) holder.destroy();
    }
    // A client that goes away gives its bytes back.
    const deadline = Date.now() + 5000;
    while (ingestByteBudget().inUse > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(ingestByteBudget().inUse).toBe(0);
    const accepted = await post(
      "/2/httpapi",
      JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events: [event(4)] }),
    );
    expect(accepted.status).toBe(200);
  });

  it("holds nothing for a length only declared, and refuses a body not sent within the deadline", async () => {
    // Declaring the largest body and sending none of it takes nothing from the budget.
    const idle = await openUpload("/batch", MAX_BODY_BYTES.batch, 0, 1);
    try {
      expect(ingestByteBudget().inUse).toBe(0);
      const accepted = await post(
        "/2/httpapi",
        JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events: [event(7)] }),
      );
      expect(accepted.status).toBe(200);
    } finally {
      idle.destroy();
    }
    // A body that stops arriving is refused at the deadline, and gives back what it held.
    const budget = new ByteBudget(1024 * 1024);
    let stall: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (stall = controller) });
    const reading = readIngestBody(
      new Request("http://ingest.test/batch", { method: "POST", body, duplex: "half" } as RequestInit),
      MAX_BODY_BYTES.batch,
      budget,
      { deadlineMs: 300 },
    );
    stall!.enqueue(new TextEncoder().encode('{"api_key":"'));
    expect(await reading).toMatchObject({ status: 408, body: { code: 408 } });
    expect(budget.inUse).toBe(0);
  });

  it("refuses a large body whose api_key is not plainly readable, without parsing it", async () => {
    const events = JSON.stringify(
      Array.from({ length: 200 }, (_, i) => ({
        ...event(100 + i),
        event_properties: { pad: "p".repeat(400) },
      })),
    );
    const hidden = `{"api\\u005fkey":"${DEFAULT_DEMO_API_KEY}","events":${events}}`;
    expect(hidden.length).toBeGreaterThan(64 * 1024);
    expect(await post("/batch", hidden)).toMatchObject({ status: 400, body: { missing_field: "api_key" } });
  });
});
