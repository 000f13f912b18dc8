// `npm run start:cluster` as an operator runs it, in a child process: the primary and its workers,
// with their output, their pids and a way to stop them.
import { spawn } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { ROOT } from './parley-process.js';

export interface Run {
  output: () => string;
  exited: Promise<number | null>;
  /** Sends `signal` (SIGTERM) and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** Resolves once the output contains `test` (or `test()` is true); rejects with the output after `timeoutMs`. */
  waitFor: (test: string | (() => boolean), timeoutMs?: number) => Promise<void>;
  /** The pid of every "worker ready" log line so far, in order. */
  workerPids: () => number[];
}

export function startCluster(args: string[], env: Record<string, string>): Run {
  // One process (node --import tsx): the tsx command relays a signal and SIGKILLs its child when
  // the child has not confirmed it within 30 ms, which a busy machine can miss (exit 143).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/cluster.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const workerPids = (): number[] =>
    output
      .split('\n')
      .filter((line) => line.includes('"msg":"worker ready"'))
      .map((line) => (JSON.parse(line) as { pid: number }).pid);
  onTestFinished(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    // Nothing left behind, whatever the test did.
    for (const pid of workerPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  return {
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
    workerPids,
    waitFor: (test, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const matches = (): boolean => (typeof test === 'string' ? output.includes(test) : test());
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${String(test)} within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const check = (): void => {
          if (matches()) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        void exited.then(() => {
          if (!matches()) reject(new Error(`exited before printing ${String(test)}:\n${output}`));
        });
        check();
      }),
  };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
