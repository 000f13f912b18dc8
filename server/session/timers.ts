// Calls back at given moments, one pending call per key: what runs poll timers out. The domain
// only records deadlines; this turns them into wake-ups. The scheduler is injected so tests can
// drive it without waiting.

export interface Scheduler {
  set(fire: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, unref'd: a pending deadline never keeps the process alive on its own. */
export const realScheduler: Scheduler = {
  set: (fire, delayMs) => setTimeout(fire, delayMs).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Deadlines {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly now: () => number,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  /** Calls `fire` at `at` (ms since epoch; at once if it has passed), replacing what `key` had. */
  set(key: string, at: number, fire: () => void): void {
    this.cancel(key);
    const handle = this.scheduler.set(
      () => {
        this.pending.delete(key);
        fire();
      },
      Math.max(0, at - this.now()),
    );
    this.pending.set(key, handle);
  }

  cancel(key: string): void {
    if (!this.pending.has(key)) return;
    this.scheduler.clear(this.pending.get(key));
    this.pending.delete(key);
  }

  /** Cancels every pending call whose key starts with `prefix` (all of them for ''). */
  cancelAll(prefix = ''): void {
    for (const key of [...this.pending.keys()]) if (key.startsWith(prefix)) this.cancel(key);
  }

  get size(): number {
    return this.pending.size;
  }
}
