// Faults on demand, for reliability tests: fail the next N operations of a kind with an HTTP
// status or a SQL error, or slow them down. Every injected fault is recorded.

export const FAULT_KINDS = ["tokenExchange", "statement", "staging", "copy"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultSpec = {
  kind: FaultKind;
  /** How many of the next operations of this kind fail (default 1). */
  count?: number;
  httpStatus?: number;
  sqlError?: { errorClass: string; sqlState: string; message: string };
  /** For `copy`: fail before loading (default) or after the rows were committed. */
  phase?: "before" | "after";
};

export type FaultRecord = { kind: FaultKind; at: string; detail: string };

export class Faults {
  private pending: (FaultSpec & { remaining: number })[] = [];
  private latency: Partial<Record<FaultKind, number>> = {};
  readonly log: FaultRecord[] = [];

  add(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind: ${String(spec.kind)}`);
    if (!spec.httpStatus && !spec.sqlError) throw new Error("a fault needs httpStatus or sqlError");
    this.pending.push({ ...spec, remaining: spec.count ?? 1 });
  }

  setLatency(kind: FaultKind, milliseconds: number): void {
    this.latency[kind] = milliseconds;
  }

  /**
   * The fault to apply to this operation of `kind`, if any, among those `select` accepts
   * (e.g. only HTTP-status faults where an HTTP answer is being made); counts it down and records it.
   */
  take(kind: FaultKind, select: (fault: FaultSpec) => boolean = () => true): FaultSpec | undefined {
    const fault = this.pending.find((candidate) => candidate.kind === kind && select(candidate));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.pending = this.pending.filter((candidate) => candidate !== fault);
    this.record(kind, fault.sqlError ? `${fault.sqlError.errorClass}` : `HTTP ${fault.httpStatus}`);
    return fault;
  }

  record(kind: FaultKind, detail: string): void {
    this.log.push({ kind, at: new Date().toISOString(), detail });
  }

  async delay(kind: FaultKind): Promise<void> {
    const milliseconds = this.latency[kind];
    if (milliseconds) await new Promise((resolve) => setTimeout(resolve, milliseconds));
  }

  clear(): void {
    this.pending = [];
    this.latency = {};
    this.log.length = 0;
  }
}
