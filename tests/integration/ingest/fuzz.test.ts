import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { startIngestServer } from "@/tests/support/ingest-server";

// Thousands of malformed, oversized and hostile bodies: every answer is a 4xx with a JSON
// body, never a 500, and no row of any of them is stored. Seeded, so a failure reproduces.
let server: { url: string; close: () => Promise<void> };
const BODIES = 3000;

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 63,
  0.5,
  "",
  " ",
  "null",
  "undefined",
  "0",
  "-1",
  "{}",
  "x".repeat(1025),
  "'; DROP TABLE events; --",
  "\u0000",
  "\ud800",
  "😀".repeat(600),
  "$(reboot)",
  "<script>",
  [],
  [1, 2],
  {},
  { $set: { a: 1 } },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { x: 1 } } },
  Array.from({ length: 30 }, () => ({})),
  "2026-11-24T00:00:00Z",
  "NaN",
  "Infinity",
];
const FIELDS = [
  "event_type",
  "user_id",
  "device_id",
  "time",
  "event_properties",
  "user_properties",
  "groups",
  "session_id",
  "event_id",
  "price",
  "location_lat",
  "insert_id",
  "platform",
  "amplitude_attribution_ids",
  "revenue",
  "ip",
];

function deep(depth: number): unknown {
  return depth === 0 ? "leaf" : { nested: deep(depth - 1) };
}

/** A body that must be refused: at least one event is invalid, or the envelope is. */
function malformedBody(next: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const validEvent = () => ({
    event_type: "fuzz",
    device_id: `fuzz-device-${Math.floor(next() * 1e6)}`,
    insert_id: `fz-${next()}`,
  });
  const invalidEvent = (): Record<string, unknown> => {
    const event: Record<string, unknown> = validEvent();
    switch (Math.floor(next() * 10)) {
      case 0:
        delete event.event_type;
        break;
      case 8:
        // Valid JSON that PostgreSQL cannot store: NUL, a lone surrogate (issue 14, item 2).
        event[pick(["event_type", "user_id", "platform", "insert_id"])] = pick([
          "a\u0000b",
          "x\ud800y",
          "\udc00",
        ]);
        if (next() < 0.5) event.event_properties = { [pick(["k\u0000", "v"])]: pick(["\ud83d", "n\u0000"]) };
        break;
      case 9:
        // A time past year 9999, where toISOString throws or PostgreSQL cannot parse.
        event.time = pick([8.64e15 + 1, 9.007e15, 253_402_300_800_000]);
        break;
      case 1:
        event.device_id = pick([
          "null",
          "anonymous",
          "00000000-0000-0000-0000-000000000000",
          "LMY47D",
          "{}",
          "-1",
        ]);
        break;
      case 2:
        event.time = pick(["yesterday", -5, 1.5, {}, [], true]);
        break;
      case 3:
        event.event_properties = pick([[1], "text", 5, deep(40), { big: "x".repeat(2000) }]);
        break;
      case 4:
        event.device_id = "abc";
        break; // shorter than min_id_length: events_with_invalid_id_lengths
      case 5:
        event.event_type = "x".repeat(1025);
        break;
      case 6:
        event.user_properties = { $set: { plan: "pro" } };
        break;
      default:
        event[pick(FIELDS)] = pick([[1], "x".repeat(1025)]);
        break; // invalid for every field
    }
    return event;
  };
  const events = Array.from({ length: 1 + Math.floor(next() * 20) }, validEvent) as unknown[];
  events.splice(Math.floor(next() * events.length), 0, invalidEvent());
  const mutation = Math.floor(next() * 16);
  switch (mutation) {
    case 0:
      return "";
    case 1:
      return String.fromCharCode(...Array.from({ length: 200 }, () => Math.floor(next() * 256)));
    case 2:
      return JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events }).slice(0, -1 - Math.floor(next() * 30));
    case 3:
      return JSON.stringify(pick(HOSTILE_VALUES));
    case 4:
      return JSON.stringify({ api_key: pick(HOSTILE_VALUES), events });
    case 5:
      return JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events: pick([null, {}, "events", 5, []]) });
    case 6:
      return JSON.stringify({
        api_key: DEFAULT_DEMO_API_KEY,
        events: Array.from({ length: 2001 }, validEvent),
      });
    case 7:
      return JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events: [...events, pick(HOSTILE_VALUES)] });
    case 8:
      return JSON.stringify({
        api_key: DEFAULT_DEMO_API_KEY,
        events,
        options: { min_id_length: pick(HOSTILE_VALUES) },
      });
    case 9:
      return JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events, padding: "p".repeat(1024 * 1024) });
    case 10:
      return `{"api_key":"${DEFAULT_DEMO_API_KEY}","events":[${"[".repeat(5000)}`;
    case 12:
      // Valid JSON nested past MAX_JSON_DEPTH in a field the validator ignores (issue 14, item 1).
      return JSON.stringify({
        api_key: DEFAULT_DEMO_API_KEY,
        events,
        x: deep(33 + Math.floor(next() * 500)),
      });
    case 13:
      // Brackets and escaped quotes inside strings do not count as nesting; the invalid event does.
      return JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events, note: '\\"[[[[{{{{'.repeat(50) });
    case 11:
      return JSON.stringify({
        api_key: "wrong-key",
        events: events.filter((e) => e && typeof e === "object"),
      });
    default:
      return JSON.stringify({ api_key: DEFAULT_DEMO_API_KEY, events });
  }
}

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  server = await startIngestServer();
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

describe("fuzzing the ingest API", () => {
  it(`answers ${BODIES} malformed bodies with 4xx only and stores none of them`, async () => {
    const before = await db.event.count();
    const next = random(20261124);
    const statuses = new Map<number, number>();
    const bodies = Array.from({ length: BODIES }, () => malformedBody(next));
    for (let i = 0; i < bodies.length; i += 16) {
      await Promise.all(
        bodies.slice(i, i + 16).map(async (body, j) => {
          const path = (i + j) % 2 ? "/batch" : "/2/httpapi";
          const response = await fetch(`${server.url}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          const answer = (await response.json()) as { code?: number };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status < 400 || response.status >= 500)
            throw new Error(`body #${i + j} answered ${response.status}: ${body.slice(0, 200)}`);
          expect(answer.code).toBe(response.status);
        }),
      );
    }
    console.info(`fuzz: ${BODIES} bodies answered ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].every((status) => status === 400 || status === 413)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(BODIES / 2);
    expect(await db.event.count()).toBe(before);
  });
});

/** A request to the Identify APIs, or a gzip body, that must be refused (issue 15, item 5). */
function malformedRequest(next: () => number): { path: string; init: RequestInit } {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const formOf = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
  const hostile = () => pick(HOSTILE_VALUES);
  switch (Math.floor(next() * 10)) {
    case 0:
      return {
        path: "/identify",
        init: formOf({ identification: JSON.stringify({ user_id: "fuzz-user-1" }) }),
      };
    case 1:
      return { path: pick(["/identify", "/groupidentify"]), init: formOf({ api_key: DEFAULT_DEMO_API_KEY }) };
    case 2:
      return {
        path: "/identify",
        init: formOf({
          api_key: DEFAULT_DEMO_API_KEY,
          identification: JSON.stringify([
            { user_id: "fuzz-user-1" },
            { [pick(FIELDS)]: hostile(), user_id: pick(["abc", "null", 5, hostile()]) },
          ]),
        }),
      };
    case 3:
      return {
        path: "/groupidentify",
        init: formOf({
          api_key: DEFAULT_DEMO_API_KEY,
          identification: JSON.stringify([
            { group_type: pick([hostile(), "", null]), group_value: hostile(), group_properties: hostile() },
          ]),
        }),
      };
    case 4:
      return {
        path: pick(["/identify", "/groupidentify"]),
        init: formOf({
          api_key: DEFAULT_DEMO_API_KEY,
          identification: pick(["{", "[", "", "null]", "[[[[", JSON.stringify(deep(40))]),
        }),
      };
    case 5:
      // Truncated gzip of a valid body.
      return {
        path: pick(["/2/httpapi", "/batch"]),
        init: {
          method: "POST",
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
          body: new Uint8Array(
            gzipSync(
              JSON.stringify({
                api_key: DEFAULT_DEMO_API_KEY,
                events: [{ event_type: "t", device_id: "fuzz-gz-1" }],
              }),
            ).subarray(0, 10 + Math.floor(next() * 20)),
          ),
        },
      };
    case 6:
      // A small bomb: decompressed, past the route's limit.
      return {
        path: pick(["/2/httpapi", "/identify"]),
        init: {
          method: "POST",
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
          body: new Uint8Array(gzipSync(" ".repeat(2 * 1024 * 1024 + Math.floor(next() * 1000)))),
        },
      };
    case 7:
      // A header that lies: gzip named, plain sent; or an encoding no one supports.
      return {
        path: "/2/httpapi",
        init: {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-encoding": pick(["gzip", "br", "deflate", "x-gzip", "gzip, gzip"]),
          },
          body: JSON.stringify({
            api_key: DEFAULT_DEMO_API_KEY,
            events: [{ event_type: "t", device_id: "fuzz-gz-2" }],
          }),
        },
      };
    case 8:
      // gzip of a malformed body.
      return {
        path: "/batch",
        init: {
          method: "POST",
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
          body: new Uint8Array(gzipSync(malformedBody(next))),
        },
      };
    default:
      return {
        path: "/identify",
        init: { method: "GET" },
      };
  }
}

describe("fuzzing the Identify APIs and compressed bodies", () => {
  it("answers 600 malformed requests with 4xx only, and changes nothing", async () => {
    const counts = async () => [
      await db.event.count(),
      await db.userPropertyState.count(),
      await db.groupPropertyState.count(),
      await db.identityMerge.count(),
    ];
    const before = await counts();
    const next = random(20261201);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i += 8) {
      await Promise.all(
        Array.from({ length: 8 }, async (_, j) => {
          const { path, init } = malformedRequest(next);
          const response = await fetch(`${server.url}${path}`, init);
          const answer = (await response.json()) as { code?: number };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status < 400 || response.status >= 500)
            throw new Error(
              `request #${i + j} to ${path} answered ${response.status}: ${JSON.stringify(answer)}`,
            );
          expect(answer.code).toBe(response.status);
        }),
      );
    }
    console.info(
      `fuzz: 600 Identify and gzip requests answered ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect([...statuses.keys()].every((status) => [400, 413, 415].includes(status))).toBe(true);
    expect(await counts()).toEqual(before);
  });
});
