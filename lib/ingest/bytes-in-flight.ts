// A bound on the ingest request bytes one process holds at a time (read, parsed and being
// stored). Beyond it a request is answered 503 with Retry-After at once, instead of being read:
// a handful of maximum-size bodies must not take the heap and the event loop from the admin
// UI and the JWKS that every tenant's token exchange fetches. Per process, as each serverless
// instance or Node server has its own memory to protect.

export class ByteBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** Takes `bytes` from the budget if they fit. */
  tryTake(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  /** Whether `bytes` would fit now (nothing is taken). */
  couldTake(bytes: number): boolean {
    return this.held + bytes <= this.limit;
  }

  give(bytes: number) {
    this.held = Math.max(0, this.held - bytes);
  }

  get inUse() {
    return this.held;
  }
}
