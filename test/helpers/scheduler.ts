// A scheduler driven by hand: timers fire when a test advances its clock, never on their own.
import type { Scheduler } from '../../server/session/timers.js';

/** `start`: the clock's first reading (0 by default; Date.now() for a whole server, whose records carry dates). */
export function manualScheduler(start = 0): Scheduler & { now: number; advance(ms: number): void; pending(): number } {
  let next = 0;
  const timers = new Map<number, { at: number; fire: () => void }>();
  const clock = {
    now: start,
    set(fire: () => void, delayMs: number) {
      next += 1;
      timers.set(next, { at: clock.now + delayMs, fire });
      return next;
    },
    clear(handle: unknown) {
      timers.delete(handle as number);
    },
    advance(ms: number) {
      clock.now += ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= clock.now).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) return;
        timers.delete(due[0]);
        due[1].fire();
      }
    },
    pending: () => timers.size,
  };
  return clock;
}
