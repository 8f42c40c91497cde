// Serves the app's ingest route handlers (the same exports Next serves at /2/httpapi, /batch,
// /identify and /groupidentify) on a loopback port, for tests that need a running API without a Next build.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { db } from "@/lib/db/prisma";
import { ingestRoute } from "@/lib/ingest/http";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

const routes = {
  "/2/httpapi": ingestRoute("httpapi"),
  "/batch": ingestRoute("batch"),
  "/identify": ingestRoute("identify"),
  "/groupidentify": ingestRoute("groupidentify"),
} as const;

function toRequest(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const hasBody = req.method !== "GET" && req.method !== "OPTIONS" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (req as unknown as ReadableStream) : undefined,
    duplex: "half",
  } as RequestInit);
}

export async function startIngestServer(): Promise<{ url: string; close: () => Promise<void> }> {
  let base = "";
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] as keyof typeof routes;
    const route = routes[path];
    if (!route) return res.writeHead(404).end();
    const request = toRequest(req, `${base}${req.url}`);
    const response =
      req.method === "OPTIONS"
        ? route.OPTIONS()
        : req.method === "GET"
          ? await route.GET(request)
          : await route.POST(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * For a test file: seeds the demo, serves the ingest routes before its tests and stops after.
 * `url` and `projectId` (the demo project's) are set once the file's tests run.
 */
export function demoIngestServer(): { url: string; projectId: string } {
  const demo = { url: "", projectId: "" };
  let server: Awaited<ReturnType<typeof startIngestServer>> | undefined;
  beforeAll(async () => {
    await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
    demo.projectId = (await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } })).id;
    server = await startIngestServer();
    demo.url = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await db.$disconnect();
  });
  return demo;
}
