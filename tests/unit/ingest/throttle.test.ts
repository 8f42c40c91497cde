import { describe, expect, it } from "vitest";
import { EventRateLimiter } from "@/lib/ingest/throttle";

const events = (n: number, deviceId: string | null, userId: string | null = null) =>
  Array.from({ length: n }, (_, index) => ({ index, deviceId, userId }));

describe("EventRateLimiter", () => {
  it("allows a 30-second burst per device, refills at the threshold, and takes nothing from a refused request", () => {
    let now = 0;
    const limiter = new EventRateLimiter(10, () => now);
    expect(limiter.take("p", events(300, "d1")).ok).toBe(true);
    const refused = limiter.take("p", events(5, "d1"));
    expect(refused).toEqual({ ok: false, devices: { d1: 5 }, users: {}, events: [0, 1, 2, 3, 4] });
    now += 1000; // 10 tokens back
    expect(limiter.take("p", events(10, "d1")).ok).toBe(true);
    expect(limiter.take("p", events(1, "d1")).ok).toBe(false);
    expect(limiter.take("p", events(300, "d2")).ok).toBe(true); // another device has its own bucket
    expect(limiter.take("other-project", events(300, "d1")).ok).toBe(true);
  });

  it("limits users as well as devices", () => {
    const limiter = new EventRateLimiter(1, () => 0);
    const verdict = limiter.take("p", [...events(20, "d1", "u1"), ...events(20, "d2", "u1")]);
    expect(verdict).toMatchObject({ ok: false, users: { u1: 40 }, devices: {} });
  });
});
