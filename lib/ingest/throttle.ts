// Per-device and per-user rate limits: token buckets in this process's memory, refilled at
// the configured events per second with a 30-second burst, as Amplitude averages over 30 s.
// A request over the limit is answered 429 whole, and consumes nothing.

const BURST_SECONDS = 30;
const PRUNE_ABOVE = 100_000;

type Bucket = { tokens: number; at: number };

export type ThrottleVerdict =
  | { ok: true }
  | { ok: false; devices: Record<string, number>; users: Record<string, number>; events: number[] };

export class EventRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly epsPerId: number,
    private readonly now: () => number = Date.now,
  ) {}

  private available(key: string, at: number): number {
    const bucket = this.buckets.get(key);
    const capacity = this.epsPerId * BURST_SECONDS;
    if (!bucket) return capacity;
    return Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * this.epsPerId);
  }

  /** Takes one token per event from its device's and user's buckets, or none if any would run dry. */
  take(
    projectId: string,
    events: { index: number; deviceId: string | null; userId: string | null }[],
  ): ThrottleVerdict {
    const at = this.now();
    const demand = new Map<string, number>();
    for (const event of events) {
      if (event.deviceId)
        demand.set(
          `${projectId}|d|${event.deviceId}`,
          (demand.get(`${projectId}|d|${event.deviceId}`) ?? 0) + 1,
        );
      if (event.userId)
        demand.set(`${projectId}|u|${event.userId}`, (demand.get(`${projectId}|u|${event.userId}`) ?? 0) + 1);
    }
    const over = [...demand].filter(([key, count]) => this.available(key, at) < count).map(([key]) => key);
    if (over.length) {
      const devices: Record<string, number> = {};
      const users: Record<string, number> = {};
      for (const key of over) {
        const [, kind, id] = key.split("|", 3) as [string, string, string];
        (kind === "d" ? devices : users)[id] = demand.get(key)!;
      }
      const events_ = events
        .filter((e) => (e.deviceId && devices[e.deviceId]) || (e.userId && users[e.userId]))
        .map((e) => e.index);
      return { ok: false, devices, users, events: events_ };
    }
    for (const [key, count] of demand) this.buckets.set(key, { tokens: this.available(key, at) - count, at });
    if (this.buckets.size > PRUNE_ABOVE) this.prune(at);
    return { ok: true };
  }

  /** Forgets buckets that have refilled: they hold nothing a fresh one would not. */
  private prune(at: number): void {
    for (const [key] of this.buckets)
      if (this.available(key, at) >= this.epsPerId * BURST_SECONDS) this.buckets.delete(key);
  }
}
