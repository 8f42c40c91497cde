import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { DEFAULT_DEMO_API_KEY } from "@/prisma/seed";
import { demoIngestServer } from "@/tests/support/ingest-server";

// Issue 15, item 2: Amplitude's Identify and Group Identify APIs, with their request shapes:
// form parameters api_key and identification (a JSON object or array), by POST or GET.
const demo = demoIngestServer();
const KEY = DEFAULT_DEMO_API_KEY;

async function form(path: string, fields: Record<string, string>, method: "POST" | "GET" = "POST") {
  const params = new URLSearchParams(fields);
  const response =
    method === "GET"
      ? await fetch(`${demo.url}${path}?${params}`)
      : await fetch(`${demo.url}${path}`, { method: "POST", body: params });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const identify = (identification: unknown, method?: "POST" | "GET") =>
  form("/identify", { api_key: KEY, identification: JSON.stringify(identification) }, method);
async function track(event: Record<string, unknown>) {
  const response = await fetch(`${demo.url}/2/httpapi`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ api_key: KEY, events: [{ event_type: "Viewed", ...event }] }),
  });
  expect(response.status).toBe(200);
  return db.event.findFirstOrThrow({
    where: {
      projectId: demo.projectId,
      eventType: "Viewed",
      ...("user_id" in event ? { userId: event.user_id as string } : { deviceId: event.device_id as string }),
    },
    orderBy: { id: "desc" },
  });
}

describe("the Identify API", () => {
  it("updates a user without an event, and the user's next event carries the properties", async () => {
    const user_id = `identify-${randomUUID()}`;
    const before = await db.event.count({ where: { projectId: demo.projectId } });
    expect(
      await identify([
        { user_id, user_properties: { $set: { plan: "pro" }, $add: { logins: 2 } }, country: "Germany" },
      ]),
    ).toMatchObject({
      status: 200,
      body: { code: 200, events_ingested: 1 },
    });
    // A single object, by GET, with its parameters in the query string.
    expect((await identify({ user_id, user_properties: { $append: { tags: "beta" } } }, "GET")).status).toBe(
      200,
    );
    expect(await db.event.count({ where: { projectId: demo.projectId } })).toBe(before);
    expect((await track({ user_id })).userProperties).toEqual({ plan: "pro", logins: 2, tags: ["beta"] });
  });

  it("takes a multipart form as well", async () => {
    const user_id = `multipart-${randomUUID()}`;
    const body = new FormData();
    body.set("api_key", KEY);
    body.set("identification", JSON.stringify({ user_id, user_properties: { plan: "team" } }));
    const response = await fetch(`${demo.url}/identify`, { method: "POST", body });
    expect(response.status).toBe(200);
    expect((await track({ user_id })).userProperties).toEqual({ plan: "team" });
  });

  it("ties a device to a user: an anonymous device's amplitude_id merges into the user's", async () => {
    const user_id = `tie-user-${randomUUID()}`;
    const device_id = `tie-device-${randomUUID()}`;
    const userRow = await track({ user_id, user_properties: { plan: "pro" } });
    const deviceRow = await track({ device_id });
    expect(deviceRow.amplitudeId).not.toBe(userRow.amplitudeId);
    expect((await identify({ user_id, device_id })).status).toBe(200);
    const merge = await db.identityMerge.findFirstOrThrow({
      where: { projectId: demo.projectId, amplitudeId: deviceRow.amplitudeId },
    });
    expect(merge.mergedAmplitudeId).toBe(userRow.amplitudeId);
    const after = await track({ device_id });
    expect(after.amplitudeId).toBe(userRow.amplitudeId);
    expect(after.userProperties).toEqual({ plan: "pro" });
  });

  it("answers malformed requests with Amplitude's error bodies, and changes nothing", async () => {
    const cases: [Record<string, string>, number, Record<string, unknown>][] = [
      [{ identification: "{}" }, 400, { missing_field: "api_key" }],
      [{ api_key: KEY }, 400, { missing_field: "identification" }],
      [{ api_key: KEY, identification: "{not json" }, 400, { error: "Invalid JSON request body" }],
      [
        { api_key: "not-a-key", identification: JSON.stringify({ user_id: "someone-1" }) },
        400,
        { error: "Invalid API key" },
      ],
      [
        { api_key: KEY, identification: JSON.stringify([{ user_id: "abc" }]) },
        400,
        { events_with_invalid_id_lengths: { user_id: [0] } },
      ],
      [
        { api_key: KEY, identification: JSON.stringify([{ user_properties: { a: 1 } }]) },
        400,
        { events_with_missing_fields: { "user_id or device_id": [0] } },
      ],
      [
        {
          api_key: KEY,
          identification: JSON.stringify({ user_id: "deep-user", user_properties: { a: nested(40) } }),
        },
        400,
        { detail: "nested deeper than 32 levels" },
      ],
    ];
    for (const [fields, status, body] of cases)
      expect(await form("/identify", fields)).toMatchObject({ status, body });
    expect(
      await db.userPropertyState.count({
        where: { projectId: demo.projectId, userProperties: { path: ["a"], equals: 1 } },
      }),
    ).toBe(0);
  });
});

function nested(depth: number): unknown {
  return depth === 0 ? 1 : [nested(depth - 1)];
}

describe("the Group Identify API", () => {
  it("sets a group's properties, which its members' later events carry", async () => {
    const user_id = `member-${randomUUID()}`;
    const org = `acme-${randomUUID()}`;
    expect((await identify({ user_id, groups: { company: org } })).status).toBe(200);
    const groupIdentify = (identification: unknown) =>
      form("/groupidentify", { api_key: KEY, identification: JSON.stringify(identification) });
    expect(
      await groupIdentify([
        {
          group_type: "company",
          group_value: org,
          group_properties: { $set: { tier: "gold" }, $add: { seats: 10 } },
        },
        { group_type: "company", group_value: org, group_properties: { $add: { seats: 5 } } },
      ]),
    ).toMatchObject({ status: 200, body: { code: 200, events_ingested: 2 } });
    const row = await track({ user_id });
    expect(row.groups).toEqual({ company: [org] });
    expect(row.groupProperties).toEqual({ company: { [org]: { tier: "gold", seats: 15 } } });

    expect(
      await groupIdentify([
        { group_value: org },
        { group_type: "company", group_value: org, group_properties: "x" },
      ]),
    ).toMatchObject({
      status: 400,
      body: {
        events_with_missing_fields: { group_type: [0] },
        events_with_invalid_fields: { group_properties: [1] },
      },
    });
  });
});

describe("merge chains", () => {
  it("are closed at ingest: the latest row of every id names its final amplitude_id", async () => {
    // Chains cannot form any more (only anonymous ids merge), but ledgers written before may
    // hold one: A merged into B while B was anonymous. When B merges, A goes with it.
    const tag = randomUUID();
    const a = (await track({ device_id: `chain-a-${tag}` })).amplitudeId;
    const b = (await track({ device_id: `chain-b-${tag}` })).amplitudeId;
    const c = (await track({ user_id: `chain-c-${tag}` })).amplitudeId;
    const now = new Date();
    await db.identityMerge.create({
      data: {
        projectId: demo.projectId,
        amplitudeId: a,
        mergedAmplitudeId: b,
        mergeEventTime: now,
        mergeServerTime: new Date(now.getTime() - 60_000),
      },
    });
    expect((await identify({ device_id: `chain-b-${tag}`, user_id: `chain-c-${tag}` })).status).toBe(200); // B into C
    const rows = await db.identityMerge.findMany({
      where: { projectId: demo.projectId, amplitudeId: { in: [a, b] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => [row.amplitudeId, row.mergedAmplitudeId])).toEqual([
      [a, b],
      [b, c],
      [a, c],
    ]);
  });

  it("never merge two identified users: a shared device goes with the user it is seen with", async () => {
    const tag = randomUUID();
    const laptop = `shared-${tag}`;
    const bob = (await track({ device_id: laptop, user_id: `bob-${tag}` })).amplitudeId;
    const alice = (await track({ user_id: `alice-${tag}` })).amplitudeId;
    const before = await db.identityMerge.count({ where: { projectId: demo.projectId } });
    const seen = await track({ device_id: laptop, user_id: `alice-${tag}` });
    expect(seen.amplitudeId).toBe(alice);
    expect(await db.identityMerge.count({ where: { projectId: demo.projectId } })).toBe(before);
    expect((await track({ user_id: `bob-${tag}` })).amplitudeId).toBe(bob);
    // A new user on the laptop gets an id of its own, not alice's.
    const carol = await track({ device_id: laptop, user_id: `carol-${tag}` });
    expect([bob, alice]).not.toContain(carol.amplitudeId);
  });
});
