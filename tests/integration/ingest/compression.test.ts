import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { ingestByteBudget } from "@/lib/ingest/handle-ingest";
import { DEFAULT_DEMO_API_KEY } from "@/prisma/seed";
import { demoIngestServer } from "@/tests/support/ingest-server";

// Issue 15, item 2: gzip request bodies on every ingest route, with the limits applied to the
// decompressed bytes.
const demo = demoIngestServer();

async function post(path: string, data: Uint8Array | string, encoding?: string) {
  const body = typeof data === "string" ? data : new Uint8Array(data);
  const response = await fetch(`${demo.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(encoding && { "content-encoding": encoding }) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const batch = (insert: string) =>
  JSON.stringify({
    api_key: DEFAULT_DEMO_API_KEY,
    events: [
      {
        event_type: "zipped",
        device_id: "gzip-device-1",
        insert_id: insert,
        event_properties: { a: "x".repeat(1000), b: "y".repeat(1000), c: "z".repeat(1000) },
      },
    ],
  });

describe("gzip request bodies", () => {
  it("are stored on both event routes, and CORS lets browsers send them", async () => {
    for (const path of ["/2/httpapi", "/batch"])
      expect(await post(path, gzipSync(batch(`gz-${path}`)), "gzip")).toMatchObject({
        status: 200,
        body: { code: 200 },
      });
    expect(await db.event.count({ where: { projectId: demo.projectId, eventType: "zipped" } })).toBe(2);
    const preflight = await fetch(`${demo.url}/2/httpapi`, { method: "OPTIONS" });
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Content-Encoding/i);
  });

  it("answer 413 for a small bomb, by its decompressed size, holding nothing after", async () => {
    // 20 MiB of nested-free JSON whitespace compresses to about 20 KB.
    const bomb = gzipSync(`{"api_key":"${DEFAULT_DEMO_API_KEY}","events":[]${" ".repeat(21 * 1024 * 1024)}}`);
    expect(bomb.length).toBeLessThan(64 * 1024);
    for (const path of ["/2/httpapi", "/batch"])
      expect(await post(path, bomb, "gzip")).toMatchObject({ status: 413, body: { code: 413 } });
    expect(ingestByteBudget().inUse).toBe(0);
  });

  it("refuse bodies that are not what their header says, and encodings other than gzip", async () => {
    const truncated = gzipSync(batch("gz-truncated")).subarray(0, 100);
    expect(await post("/2/httpapi", truncated, "gzip")).toMatchObject({
      status: 400,
      body: { code: 400, error: expect.stringMatching(/gzip/) },
    });
    expect((await post("/2/httpapi", batch("gz-plain"), "gzip")).status).toBe(400);
    expect(await post("/2/httpapi", gzipSync(batch("gz-br")), "br")).toMatchObject({
      status: 415,
      body: { code: 415 },
    });
    expect(
      await db.event.count({
        where: { projectId: demo.projectId, insertId: { in: ["gz-truncated", "gz-plain", "gz-br"] } },
      }),
    ).toBe(0);
    // identity is no encoding at all.
    expect((await post("/2/httpapi", batch("gz-identity"), "identity")).status).toBe(200);
  });
});
