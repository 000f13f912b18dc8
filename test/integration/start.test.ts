// `npm start` as a facilitator runs it: the real entry point in a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WORKSHOP_DECK } from '../helpers/decks.js';
import { tempDataDir } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
  /** Resolves once the output contains `text`. */
  waitFor: (text: string) => Promise<void>;
}

function startParley(env: Record<string, string>): Run {
  // One process (node --import tsx): the tsx command relays a signal and SIGKILLs its child when
  // the child has not confirmed it within 30 ms, which a busy machine can miss (exit 143).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
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
  onTestFinished(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return {
    output: () => output,
    exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (output.includes(text)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        void exited.then(() => reject(new Error(`exited before printing "${text}":\n${output}`)));
        check();
      }),
  };
}

function slidesDir(files: Record<string, string>): string {
  const dir = join(tempDataDir(), 'slides');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('npm start', () => {
  it('stops with exit code 1 naming the file, line and problem of a broken deck', async () => {
    const broken = WORKSHOP_DECK.replace('type: single', 'type: singel');
    const badLine = broken.split('\n').indexOf('type: singel') + 1;
    const run = startParley({ SLIDES_DIR: slidesDir({ 'workshop.md': broken }), DECK: 'workshop', DATA_DIR: tempDataDir() });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`workshop.md:${badLine}:`);
    expect(run.output()).toMatch(/singel/);
  });

  it('refuses an invalid setting with a clear message', async () => {
    const run = startParley({ PORT: 'eighty', DATA_DIR: tempDataDir() });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:\n\s+PORT:/);
  });

  it('refuses a PRESENTER_KEY shorter than 16 characters, without printing it', async () => {
    const short = 'fifteen-chars-k';
    const run = startParley({ PRESENTER_KEY: short, DATA_DIR: tempDataDir() });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:\n\s+PRESENTER_KEY: must be at least 16 characters/);
    expect(run.output()).not.toContain(short);
  });

  it('generates a presenter key once, prints it in the presenter link, and reuses it', async () => {
    const dataDir = tempDataDir();
    const env = { SLIDES_DIR: slidesDir({ 'workshop.md': WORKSHOP_DECK }), DECK: 'workshop', DATA_DIR: dataDir };
    const first = startParley(env);
    await first.waitFor('Join (phones)');
    const key = readFileSync(join(dataDir, 'presenter-key'), 'utf8').trim();
    expect(key.length).toBeGreaterThanOrEqual(20);
    expect(first.output()).toMatch(new RegExp(`/present\\?session=[A-Z2-9]{5}#key=${key}`));
    const code = /session=([A-Z2-9]{5})/.exec(first.output())![1]!;
    expect(first.output()).toContain(`/j/${code}`);
    expect(first.output()).toContain('▄'); // the QR code, drawn with block characters
    expect(existsSync(join(dataDir, 'parley.sqlite'))).toBe(true);

    const port = /http:\/\/127\.0\.0\.1:(\d+)\/j\//.exec(first.output())![1];
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, store: 'writable' });
    const session = await fetch(`http://127.0.0.1:${port}/api/sessions/${code}`);
    expect(session.status).toBe(200);
    const created = await fetch(`http://127.0.0.1:${port}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"deck":"workshop"}',
    });
    expect(created.status).toBe(201);
    const latest = ((await created.json()) as { code: string }).code;

    expect(await first.stop()).toBe(0);

    const second = startParley(env);
    await second.waitFor('Join (phones)');
    expect(readFileSync(join(dataDir, 'presenter-key'), 'utf8').trim()).toBe(key);
    expect(second.output()).toContain(`session=${latest}`); // the latest session carries on
    expect(second.output()).toContain('(resumed)');
  });

  it('never prints a key that was set through PRESENTER_KEY', async () => {
    const key = 'my-own-presenter-key-42';
    const run = startParley({
      SLIDES_DIR: slidesDir({ 'workshop.md': WORKSHOP_DECK }),
      DECK: 'workshop',
      DATA_DIR: tempDataDir(),
      PRESENTER_KEY: key,
    });
    await run.waitFor('Join (phones)');
    expect(run.output()).toContain('/present?session=');
    expect(run.output()).not.toContain(key);
  });
});
