import { createServer, type IncomingHttpHeaders } from "node:http";

// A loopback HTTP server standing in for an alert webhook's receiver: it keeps every request's
// body and headers, and answers each with the status `answer` picks (204 by default).

export type ReceivedRequest = { body: string; headers: IncomingHttpHeaders };

export type Receiver = {
  url: string;
  port: number;
  /** Every request, in arrival order. */
  received: ReceivedRequest[];
  close: () => Promise<void>;
};

export async function startReceiver({
  port = 0,
  path = "/hook",
  answer = () => 204,
}: { port?: number; path?: string; answer?: (request: ReceivedRequest) => number } = {}): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const request = { body, headers: req.headers };
      received.push(request);
      res.writeHead(answer(request)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}${path}`,
    port: bound,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
