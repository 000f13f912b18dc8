// The real entry point (server/main.ts) in a child process, for tests that kill it, stop it with
// signals or start it on a broken database. `node --import tsx` runs it in ONE process (the tsx
// command would put a second one in front of it), so that a signal — SIGKILL too — reaches the
// server itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { WORKSHOP_DECK } from './decks.js';
import { connected, PRESENTER_KEY, tempDataDir, testSocket, type TestSocket } from './server.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface ParleyProcess {
  child: ChildProcess;
  output: () => string;
  /** Exit code, or null when a signal ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves once the output contains `text` (rejects if the process exits first). */
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  signal: (signal: NodeJS.Signals) => void;
}

export interface Started extends ParleyProcess {
  url: string;
  code: string;
}

/** A slides folder with the test workshop deck (test/helpers/decks.ts). */
export function workshopSlides(): string {
  const dir = join(tempDataDir(), 'slides');
  mkdirSync(dir);
  writeFileSync(join(dir, 'workshop.md'), WORKSHOP_DECK);
  return dir;
}

export function spawnParley(env: Record<string, string>): ParleyProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DECK: 'workshop',
      PRESENTER_KEY,
      ...env,
    },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    output: () => output,
    exited,
    signal: (signal) => {
      child.kill(signal);
    },
    waitFor: (text, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const found = (): boolean => (typeof text === 'string' ? output.includes(text) : text.test(output));
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no "${String(text)}" in the output within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const check = (): void => {
          if (!found()) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        listeners.add(check);
        void exited.then(() => {
          if (!found()) reject(new Error(`exited before printing "${String(text)}":\n${output}`));
        });
        check();
      }),
  };
}

/** Starts Parley on `dataDir` and waits for its banner: the URL and the session's code. */
export async function startParley(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const run = spawnParley({ DATA_DIR: dataDir, SLIDES_DIR: workshopSlides(), ...env });
  await run.waitFor('Join (phones)');
  const match = /Join \(phones\):\s+(http:\/\/127\.0\.0\.1:\d+)\/j\/([A-Z2-9]{5})/.exec(run.output());
  if (!match) throw new Error(`no join URL in the output:\n${run.output()}`);
  return { ...run, url: match[1]!, code: match[2]! };
}

/** A connected socket.io client like the pages use (WebSocket only, no automatic reconnection). */
export function clientOf(url: string): Promise<TestSocket> {
  return connected(testSocket(url));
}
