// One more instance of the app's ingest routes, in a process of its own (the tests' second
// "server"): prints its URL on a line, serves until its standard input closes. Run with
// `node --conditions=react-server --import tsx tests/support/ingest-instance.ts`.
import { startIngestServer } from "./ingest-server";

const server = await startIngestServer();
process.stdout.write(`${server.url}\n`);
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
process.stdin.resume();
