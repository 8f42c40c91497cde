import { describe, expect, it } from "vitest";
import { assignNewIds, resolveIdentities } from "@/lib/ingest/identity";

const e = (deviceId: string | null, userId: string | null) => ({ deviceId, userId });

describe("resolveIdentities", () => {
  it("allocates one new id per new person, shared by a device and its first user", () => {
    const resolution = resolveIdentities(
      [e("d1", null), e("d1", "u1"), e(null, "u2"), e("d3", "u3")],
      new Map(),
      new Map(),
    );
    expect(resolution.newIds).toBe(3);
    expect(resolution.amplitudeIds).toEqual([-1n, -1n, -2n, -3n]);
    assignNewIds(resolution, [100n, 200n, 300n]);
    expect(resolution.amplitudeIds).toEqual([100n, 100n, 200n, 300n]);
    expect(resolution.users.get("u1")).toBe(100n);
    expect(resolution.merges).toEqual([]);
  });

  it("merges a known device into a known user's original id, and later events carry it", () => {
    const resolution = resolveIdentities(
      [e("laptop", "alice"), e("laptop", null)],
      new Map([["laptop", 7n]]),
      new Map([["alice", 3n]]),
    );
    expect(resolution.amplitudeIds).toEqual([3n, 3n]);
    expect(resolution.merges).toEqual([{ amplitudeId: 7n, mergedAmplitudeId: 3n, eventIndex: 0 }]);
    expect([...resolution.changedDevices]).toEqual(["laptop"]);
  });

  it("never merges a device whose id is already a user's: it goes with the user it is seen with", () => {
    // The family laptop: bob's id is 7; alice (3) signs in on it.
    const resolution = resolveIdentities(
      [e("laptop", "alice"), e("laptop", null)],
      new Map([["laptop", 7n]]),
      new Map([["alice", 3n]]),
      new Set([3n, 7n]),
    );
    expect(resolution.amplitudeIds).toEqual([3n, 3n]);
    expect(resolution.merges).toEqual([]);
  });

  it("gives a new user on another user's device an id of its own", () => {
    const resolution = resolveIdentities(
      [e("laptop", "carol")],
      new Map([["laptop", 7n]]),
      new Map(),
      new Set([7n]),
    );
    expect(resolution.amplitudeIds).toEqual([-1n]);
    expect(resolution.devices.get("laptop")).toBe(-1n);
    expect(resolution.merges).toEqual([]);
  });

  it("changes nothing for people already resolved", () => {
    const resolution = resolveIdentities([e("d", "u")], new Map([["d", 5n]]), new Map([["u", 5n]]));
    expect(resolution).toMatchObject({ amplitudeIds: [5n], newIds: 0, merges: [] });
    expect(resolution.changedDevices.size + resolution.changedUsers.size).toBe(0);
  });
});
