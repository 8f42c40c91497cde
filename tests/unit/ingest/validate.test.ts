import { describe, expect, it } from "vitest";
import { isAnswer, parseRequestBody, type ParsedRequest } from "@/lib/ingest/validate";

const parse = (body: unknown) => parseRequestBody(typeof body === "string" ? body : JSON.stringify(body));
const ok = (body: unknown) => {
  const result = parse(body);
  if (isAnswer(result)) throw new Error(JSON.stringify(result.body));
  return result as ParsedRequest;
};

describe("ingest validation", () => {
  it("accepts events with an event_type and a user_id or device_id", () => {
    const { apiKey, events } = ok({
      api_key: "k",
      events: [
        { event_type: "a", user_id: "user-1" },
        { event_type: "b", device_id: "dev-12345", time: 1700000000000, insert_id: "i" },
      ],
    });
    expect(apiKey).toBe("k");
    expect(events.map((e) => [e.eventType, e.userId, e.deviceId, e.time, e.insertId])).toEqual([
      ["a", "user-1", null, null, null],
      ["b", null, "dev-12345", 1700000000000, "i"],
    ]);
  });

  it("refuses ids shorter than min_id_length (default 5) in events_with_invalid_id_lengths", () => {
    expect(
      parse({
        api_key: "k",
        events: [
          { event_type: "a", user_id: "user-1", device_id: "abcd" },
          { event_type: "b", user_id: "u" },
        ],
      }),
    ).toEqual({
      status: 400,
      body: {
        code: 400,
        error: "Invalid id length for user_id or device_id",
        events_with_invalid_fields: {},
        events_with_missing_fields: {},
        events_with_invalid_id_lengths: { device_id: [0], user_id: [1] },
      },
    });
    expect(
      ok({ api_key: "k", events: [{ event_type: "a", device_id: "abcd" }], options: { min_id_length: 4 } })
        .events[0]!.deviceId,
    ).toBe("abcd");
  });

  it("rejects every deny-listed id, whatever its case", () => {
    for (const id of [
      "anonymous",
      "NIL",
      "None",
      "null",
      "n/a",
      "na",
      "undefined",
      "unknown",
      "0",
      "-1",
      "{}",
      "00000000-0000-0000-0000-000000000000",
      "lmy47d",
      "LMY47D",
    ]) {
      const result = parse({
        api_key: "k",
        events: [{ event_type: "a", device_id: id }],
        options: { min_id_length: 1 },
      });
      expect(isAnswer(result) && result.body.events_with_invalid_fields, id).toEqual({ device_id: [0] });
    }
  });

  it("rejects a time that is not milliseconds since the epoch", () => {
    for (const time of ["2026-01-01", -1, 1.5, {}, true]) {
      const result = parse({ api_key: "k", events: [{ event_type: "a", device_id: "dev-12345", time }] });
      expect(isAnswer(result) && result.body.events_with_invalid_fields).toEqual({ time: [0] });
    }
  });

  it("refuses what PostgreSQL cannot store, naming the event and field (issue 14, item 2)", () => {
    const result = parse({
      api_key: "k",
      events: [
        { event_type: "a\u0000b", device_id: "dev-12345" },
        { event_type: "a", device_id: "dev-12345", event_properties: { note: "lone \ud800" } },
        { event_type: "a", device_id: "dev-12345", user_properties: { "k\u0000": 1 } },
        { event_type: "a", device_id: "dev-12345", time: 8.64e15 + 1 },
        { event_type: "a", device_id: "dev-12345", time: 253_402_300_800_000 }, // year 10000
        { event_type: "a", device_id: "dev-12345", amplitude_attribution_ids: ["\udc00"] },
        { event_type: "ok \ud83d\ude00", device_id: "dev-12345", time: 253_402_300_799_999 },
      ],
    });
    expect(isAnswer(result) && result.body.events_with_invalid_fields).toEqual({
      event_type: [0],
      event_properties: [1],
      user_properties: [2],
      time: [3, 4],
      amplitude_attribution_ids: [5],
    });
  });

  it("refuses an event larger than 1 MiB with Amplitude's 413", () => {
    const big = { event_type: "a", device_id: "dev-12345", event_properties: {} as Record<string, string> };
    for (let i = 0; i < 1100; i++) big.event_properties[`p${i}`] = "x".repeat(1000);
    const result = parse({ api_key: "k", events: [big] });
    expect(isAnswer(result) && result).toMatchObject({ status: 413, body: { error: "Payload too large" } });
  });

  it("rejects strings over 1024 characters, in properties too", () => {
    const long = "x".repeat(1025);
    const result = parse({
      api_key: "k",
      events: [
        { event_type: long, device_id: "dev-12345" },
        { event_type: "a", device_id: "dev-12345", event_properties: { a: { b: [long] } } },
      ],
    });
    expect(isAnswer(result) && result.body.events_with_invalid_fields).toEqual({
      event_type: [0],
      event_properties: [1],
    });
  });

  it("allows user property operations on $identify only", () => {
    expect(
      ok({
        api_key: "k",
        events: [{ event_type: "$identify", user_id: "user-1", user_properties: { $set: { plan: "pro" } } }],
      }).events,
    ).toHaveLength(1);
    expect(
      ok({ api_key: "k", events: [{ event_type: "a", user_id: "user-1", user_properties: { plan: "pro" } }] })
        .events,
    ).toHaveLength(1);
    const result = parse({
      api_key: "k",
      events: [{ event_type: "a", user_id: "user-1", user_properties: { $set: { plan: "pro" } } }],
    });
    expect(isAnswer(result) && result.body.events_with_invalid_fields).toEqual({ user_properties: [0] });
  });

  it("answers the envelope's errors in Amplitude's words", () => {
    expect(parse("")).toMatchObject({ status: 400, body: { error: "Missing request body" } });
    expect(parse("[")).toMatchObject({ status: 400, body: { error: "Invalid JSON request body" } });
    expect(parse([])).toMatchObject({ status: 400, body: { error: "Invalid JSON request body" } });
    expect(parse({ events: [] })).toMatchObject({ status: 400, body: { missing_field: "api_key" } });
    expect(parse({ api_key: "k", events: {} })).toMatchObject({
      status: 400,
      body: { missing_field: "events" },
    });
    expect(parse({ api_key: "k", events: Array.from({ length: 2001 }, () => ({})) })).toMatchObject({
      status: 413,
    });
  });
});
