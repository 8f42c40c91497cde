import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createInstance, Identify } from "@amplitude/analytics-node";
import { db } from "@/lib/db/prisma";
import { DEFAULT_DEMO_API_KEY } from "@/prisma/seed";
import { demoIngestServer } from "@/tests/support/ingest-server";

// Issue 15, item 1: each user's properties (and groups, and each group's properties) kept as
// Amplitude keeps them, and stamped on every event as of that event. Sent with the official
// Node SDK wherever it can send what the test needs.
const demo = demoIngestServer();
const KEY = DEFAULT_DEMO_API_KEY;

async function sdk() {
  const amplitude = createInstance();
  await amplitude.init(KEY, { serverUrl: `${demo.url}/2/httpapi`, flushIntervalMillis: 10, logLevel: 0 })
    .promise;
  return amplitude;
}
const rowsOf = (where: { userId?: string; deviceId?: string }) =>
  db.event.findMany({ where: { projectId: demo.projectId, ...where }, orderBy: { id: "asc" } });

async function post(events: unknown[]) {
  const response = await fetch(`${demo.url}/2/httpapi`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ api_key: KEY, events }),
  });
  return response.status;
}

describe("user properties", () => {
  it("follow every identify operation of the Node SDK, and later track events carry them", async () => {
    const amplitude = await sdk();
    const user_id = `props-${randomUUID()}`;
    const steps: Identify[] = [
      new Identify()
        .set("plan", "free")
        .set("tags", ["a"])
        .set("visits", 1)
        .set("gone", true)
        .set("list", ["x", "y", "x"]),
      new Identify().setOnce("plan", "never").setOnce("first_seen", "2026-11-01"),
      new Identify().add("visits", 2).append("tags", "b").prepend("list", "w"),
      new Identify().preInsert("tags", ["a", "z"]).postInsert("list", ["y", "v"]),
      new Identify().remove("list", "x").unset("gone").set("plan", "pro"),
    ];
    for (const step of steps) expect((await amplitude.identify(step, { user_id }).promise).code).toBe(200);
    await amplitude.track("Checked out", { total: 3 }, { user_id }).promise;
    await amplitude.flush().promise;

    const rows = await rowsOf({ userId: user_id });
    expect(rows.map((row) => row.eventType)).toEqual([...steps.map(() => "$identify"), "Checked out"]);
    const expected = {
      plan: "pro",
      first_seen: "2026-11-01",
      visits: 3,
      tags: ["z", "a", "b"],
      list: ["w", "y", "v"],
    };
    expect(rows.at(-1)!.userProperties).toEqual(expected);
    // Each row holds the state as of itself: the first identify had set only its own.
    expect(rows[0]!.userProperties).toEqual({
      plan: "free",
      tags: ["a"],
      visits: 1,
      gone: true,
      list: ["x", "y", "x"],
    });

    await amplitude.identify(new Identify().clearAll(), { user_id }).promise;
    await amplitude.track("After clear", {}, { user_id }).promise;
    await amplitude.flush().promise;
    expect((await rowsOf({ userId: user_id })).at(-1)!.userProperties).toEqual({});
  });

  it("follow a merge: an anonymous device identified as a known user carries both users' properties", async () => {
    const amplitude = await sdk();
    const user_id = `known-${randomUUID()}`;
    const device_id = `anon-${randomUUID()}`;
    await amplitude.identify(new Identify().set("plan", "pro").set("shared", "user"), {
      user_id,
      device_id: `d-${randomUUID()}`,
    }).promise;
    await amplitude.identify(new Identify().set("utm_source", "ad").set("shared", "device"), { device_id })
      .promise;
    await amplitude.flush().promise;
    // The device now signs in as the known user: its amplitude_id merges into the user's.
    await amplitude.track("Signed in", {}, { user_id, device_id }).promise;
    await amplitude.track("Browsed", {}, { device_id }).promise;
    await amplitude.flush().promise;
    const [signedIn] = await rowsOf({ userId: user_id, deviceId: device_id });
    expect(signedIn!.userProperties).toEqual({ plan: "pro", utm_source: "ad", shared: "user" });
    const browsed = (await rowsOf({ deviceId: device_id })).at(-1)!;
    expect(browsed.amplitudeId).toBe(signedIn!.amplitudeId);
    expect(browsed.userProperties).toEqual({ plan: "pro", utm_source: "ad", shared: "user" });
  });

  it("never lose an operation to concurrent requests reaching one user by device and by user id", async () => {
    const user_id = `busy-${randomUUID()}`;
    const device_id = `busy-device-${randomUUID()}`;
    expect(
      await post([{ event_type: "$identify", user_id, device_id, user_properties: { $set: { n: 0 } } }]),
    ).toBe(200);
    const requests = Array.from({ length: 30 }, (_, i) =>
      post([
        {
          event_type: "$identify",
          ...(i % 2 ? { user_id } : { device_id }),
          user_properties: { $add: { n: 1 } },
        },
      ]),
    );
    expect(await Promise.all(requests)).toEqual(requests.map(() => 200));
    expect(await post([{ event_type: "Counted", user_id }])).toBe(200);
    expect((await rowsOf({ userId: user_id })).at(-1)!.userProperties).toEqual({ n: 30 });
  });
});

describe("groups", () => {
  it("setGroup and groupIdentify put the group and its properties on the user's later events", async () => {
    const amplitude = await sdk();
    const user_id = `member-${randomUUID()}`;
    const org = `org-${randomUUID()}`;
    await amplitude.setGroup("company", org, { user_id }).promise;
    await amplitude.groupIdentify("company", org, new Identify().set("tier", "enterprise").add("seats", 40), {
      user_id,
    }).promise;
    await amplitude.groupIdentify("company", org, new Identify().add("seats", 2), { user_id }).promise;
    await amplitude.track("Report viewed", {}, { user_id }).promise;
    // An event's own groups hold for that event alone.
    await amplitude.track("Shared", {}, { user_id, groups: { team: "data" } }).promise;
    await amplitude.track("Closed", {}, { user_id }).promise;
    await amplitude.flush().promise;

    const rows = await rowsOf({ userId: user_id });
    const viewed = rows.find((row) => row.eventType === "Report viewed")!;
    expect(viewed.groups).toEqual({ company: [org] });
    expect(viewed.groupProperties).toEqual({ company: { [org]: { tier: "enterprise", seats: 42 } } });
    // setGroup also sets the group as a user property, as the SDK sends it.
    expect(viewed.userProperties).toEqual({ company: org });
    expect(rows.find((row) => row.eventType === "Shared")!.groups).toEqual({
      company: [org],
      team: ["data"],
    });
    expect(rows.find((row) => row.eventType === "Closed")!.groups).toEqual({ company: [org] });
  });
});
