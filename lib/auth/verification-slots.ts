// At most a few password verifications at a time per process. Each argon2id verification takes
// 19 MiB and about 50 ms of a thread; unbounded, a burst of sign-ins fills libuv's 4-thread pool
// that file and zlib work shares, and the memory with it. Waiters queue up to a bound; beyond
// it the caller is told to come back. (A dozen lines, so no library for it.)

export class SlotsFull extends Error {
  constructor() {
    super("too many password verifications waiting");
  }
}

export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly size: number,
    readonly maxWaiting: number,
  ) {}

  /** Runs `work` in a slot, waiting for one if need be; throws SlotsFull when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      if (this.waiting.length >= this.maxWaiting) throw new SlotsFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get active() {
    return this.running;
  }
}
