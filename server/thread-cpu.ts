// Per-thread CPU time on Linux, from /proc: the writer thread's own share of the process's CPU
// and the main thread's, as `npm run bench` reports them. Elsewhere: undefined.
import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's task id (Linux), or undefined. */
export function currentTaskId(): number | undefined {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>" of the thread that reads it.
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/** The CPU time (user + system, ms) of task `taskId` of this process so far, or undefined. */
export function taskCpuMs(taskId: number): number | undefined {
  try {
    // Fields after the command's closing parenthesis: the state is the 1st, utime the 12th, stime
    // the 13th, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/self/task/${taskId}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
