import { createServer, type Server, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// Issue 18, item 3: GET /api/health answers 503 when the database cannot be reached. This
// process's database URL points at a port where nothing speaks PostgreSQL (a socket that
// accepts and never answers), set before anything reads the environment.
const sockets = new Set<Socket>();
const silent: Server = createServer((socket) => void sockets.add(socket));
await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
const port = (silent.address() as { port: number }).port;
process.env.DATABASE_URL = `postgresql://nobody:nothing@127.0.0.1:${port}/none`;
process.env.DATABASE_CONNECT_TIMEOUT_MS = "1000";

const { GET } = await import("@/app/api/health/route");

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe("GET /api/health without a database", () => {
  it("answers 503, quickly, saying the database is unreachable", async () => {
    const started = Date.now();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "unhealthy",
      database: "unreachable",
      signingKey: "unknown",
      scheduler: "unknown",
      exports: "local runner",
      eventPartitions: "unknown",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
