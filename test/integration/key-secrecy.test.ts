// The presenter key never leaks: the real server (`tsx server/main.ts`, a child process) with
// PRESENTER_KEY set and every log line on (LOG_LEVEL=trace) runs a whole session — a presenter with
// the key, a wrong-key attempt, participants joining, voting and answering, the key-protected HTTP
// API and exports, the pages and every built asset — and the key shows up in none of it: not in
// the process output, not in any page, asset, API answer or header, not in any packet a participant
// or the presenter received, not in the data directory.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { io as connect, type Socket } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EXPORT_FORMATS } from '../../server/export/formats.js';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol.js';
import { OPEN_DECK, WORKSHOP_DECK } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { tempDataDir } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST_ASSETS = join(ROOT, 'dist', 'assets');

/** Distinctive, so that any appearance is this key and nothing else. */
const KEY = 'Sekrit-PRESENTER-key-7Qz4vX9wLm2R';
/** A near miss (a typo of the key): a log line about it would show most of the key. */
const WRONG_KEY = 'Sekrit-PRESENTER-key-7Qz4vX9wLm2S';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Recorded {
  /** Every engine.io packet the client received, raw (acks, events, handshakes). */
  raw: string[];
  /** Every event the client received (socket.io's onAny). */
  events: { event: string; data: unknown }[];
  /** Every acknowledgement it got. */
  acks: unknown[];
}

/** Where the key was found, as "what: …context…" lines (empty: nowhere). */
function findKey(where: string, text: string, secret = KEY): string[] {
  const found: string[] = [];
  let at = text.indexOf(secret);
  while (at >= 0) {
    found.push(`${where}: …${text.slice(Math.max(0, at - 80), at + secret.length + 40)}…`);
    at = text.indexOf(secret, at + 1);
  }
  return found;
}

describe('the presenter key never leaks', () => {
  it('appears in no log line, page, asset, API answer, packet or stored file during a whole session', async () => {
    // ---- the real server, as `npm start` runs it ----
    const dataDir = tempDataDir();
    const slides = join(dataDir, 'slides');
    mkdirSync(slides);
    writeFileSync(join(slides, 'workshop.md'), WORKSHOP_DECK);
    writeFileSync(join(slides, 'open.md'), OPEN_DECK);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: join(dataDir, 'data'),
        SLIDES_DIR: slides,
        DECK: 'workshop',
        PRESENTER_KEY: KEY,
        LOG_LEVEL: 'trace',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    onTestFinished(async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    });
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (/Join \(phones\):\s+\S+/.test(stdout)) resolve();
      };
      child.stdout.on('data', check);
      void exited.then(() => reject(new Error(`the server exited:\n${stdout}\n${stderr}`)));
    });
    const [, base, code] = /Join \(phones\):\s+(http:\/\/[^/\s]+)\/j\/([A-Z2-9]{5})/.exec(stdout)!;
    expect(stdout).toContain(`${base}/present?session=${code}`);
    const url = base!;
    const leaks: string[] = [];
    const auth = { authorization: `Bearer ${KEY}` };

    // ---- sockets that record everything they receive ----
    const clients: Client[] = [];
    onTestFinished(() => {
      for (const c of clients) c.close();
    });
    async function client(): Promise<{ socket: Client; rec: Recorded }> {
      const socket: Client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, autoConnect: false });
      clients.push(socket);
      const rec: Recorded = { raw: [], events: [], acks: [] };
      socket.io.on('open', () => socket.io.engine.on('data', (d: unknown) => rec.raw.push(String(d))));
      socket.onAny((event: string, data: unknown) => rec.events.push({ event, data }));
      socket.connect();
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return { socket, rec };
    }
    async function ask<E extends keyof ClientToServerEvents>(
      c: { socket: Client; rec: Recorded },
      event: E,
      payload: Parameters<ClientToServerEvents[E]>[0],
    ): Promise<AckResult<unknown>> {
      const res = await (c.socket.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<AckResult<unknown>>)(event, payload);
      c.rec.acks.push(res);
      return res;
    }

    // ---- the presenter, a wrong key, participants ----
    const presenter = await client();
    expect(await ask(presenter, 'presenter:join', { code: code!, key: KEY, view: 'console' })).toMatchObject({ ok: true });
    const intruder = await client();
    expect(await ask(intruder, 'presenter:join', { code: code!, key: WRONG_KEY })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await ask(intruder, 'presenter:goto', { h: 1, v: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const participants = await Promise.all([0, 1, 2].map(() => client()));
    for (const [i, p] of participants.entries()) {
      expect(await ask(p, 'audience:join', { code: code!, participantId: `participant-${i}-abcdef` })).toMatchObject({ ok: true });
    }
    expect(await ask(presenter, 'presenter:goto', { h: 1, v: 1 })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' })).toMatchObject({ ok: true });
    for (const [i, p] of participants.entries()) {
      expect(await ask(p, 'audience:vote', { pollId: 'branch-a', optionIds: [['talk', 'wait', 'escalate'][i]!] })).toMatchObject({ ok: true });
    }
    // A participant tries presenter events and a bad payload: refused, nothing echoed.
    expect(await ask(participants[0]!, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' })).toMatchObject({ ok: false });
    expect(await ask(participants[0]!, 'audience:vote', { pollId: 'branch-a', optionIds: ['nope'] })).toMatchObject({ ok: false });
    expect(await ask(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:goto', { h: 1, v: 2 })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' })).toMatchObject({ ok: true });
    expect(await ask(participants[1]!, 'audience:vote', { pollId: 'topics', optionIds: ['goals', 'time'] })).toMatchObject({ ok: true });

    // A second session of the deck with typed answers and questions (created over HTTP with the key).
    const created = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"deck":"open"}',
    });
    expect(created.status).toBe(201);
    const createdBody = await created.text();
    leaks.push(...findKey('POST /api/sessions body', createdBody));
    const openCode = (JSON.parse(createdBody) as { code: string }).code;
    expect(await ask(presenter, 'presenter:join', { code: openCode, key: KEY, view: 'console' })).toMatchObject({ ok: true });
    for (const [i, p] of participants.entries()) {
      expect(await ask(p, 'audience:join', { code: openCode, participantId: `participant-${i}-abcdef` })).toMatchObject({ ok: true });
    }
    expect(await ask(presenter, 'presenter:goto', { h: 1, v: 0 })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'open' })).toMatchObject({ ok: true });
    expect(await ask(participants[0]!, 'audience:submit', { pollId: 'first-meeting', text: 'Set goals together' })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'reveal' })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:goto', { h: 3, v: 0 })).toMatchObject({ ok: true });
    expect(await ask(presenter, 'presenter:poll', { pollId: 'questions', action: 'open' })).toMatchObject({ ok: true });
    const asked = await ask(participants[1]!, 'audience:submit', { pollId: 'questions', text: 'How often should we meet?' });
    expect(asked).toMatchObject({ ok: true });
    const questionId = (asked as { data: { entries: { id: string }[] } }).data.entries[0]!.id;
    expect(await ask(participants[2]!, 'audience:upvote', { pollId: 'questions', entryId: questionId, up: true })).toMatchObject({ ok: true });
    // The coalesced tick after the last change carries it to the presenter and, on the board, to
    // every participant: once each has it, every coalesced message before it is in too.
    const answeredHeard = [
      nextEvent(presenter.socket, 'presenter:entries', (u) => u.entries.some((e) => e.id === questionId && e.answered)),
      ...participants.map((p) =>
        nextEvent(p.socket, 'audience:state', (st) => st.poll?.board?.some((e) => e.id === questionId && e.answered) === true),
      ),
    ];
    expect(await ask(presenter, 'presenter:moderate', { pollId: 'questions', entryId: questionId, action: 'answered' })).toMatchObject({ ok: true });
    await Promise.all(answeredHeard);

    // ---- HTTP: the key-protected API, exports, and a wrong key ----
    let httpChecked = 0;
    async function checkResponse(what: string, res: Response): Promise<void> {
      httpChecked++;
      for (const [name, value] of res.headers) leaks.push(...findKey(`${what} header ${name}`, value));
      const body = Buffer.from(await res.arrayBuffer());
      leaks.push(...findKey(`${what} body`, body.toString('latin1')));
      if ((res.headers.get('content-type') ?? '').includes('spreadsheetml')) {
        // A workbook is zipped XML: read it to search its cells.
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(body as unknown as ArrayBuffer);
        const cells: string[] = [];
        book.eachSheet((sheet) => {
          cells.push(sheet.name);
          sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))));
        });
        expect(cells.length).toBeGreaterThan(1);
        leaks.push(...findKey(`${what} workbook cells`, cells.join('\n')));
      }
    }
    const get = async (path: string, headers: Record<string, string> = auth, status = 200): Promise<void> => {
      const res = await fetch(`${url}${path}`, { headers });
      expect(res.status, `GET ${path}`).toBe(status);
      await checkResponse(`GET ${path}`, res);
    };
    await get('/api/decks');
    await get('/api/sessions');
    for (const c of [code!, openCode]) {
      await get(`/api/sessions/${c}`);
      await get(`/api/sessions/${c}/deck`);
      await get(`/api/sessions/${c}/qr.svg`);
      await get(`/api/sessions/${c}/results.json`);
      await get(`/api/sessions/${c}/results.csv`);
      for (const format of Object.keys(EXPORT_FORMATS)) await get(`/api/sessions/${c}/export?format=${format}`);
    }
    await get('/api/sessions', { authorization: `Bearer ${WRONG_KEY}` }, 401);
    await get(`/api/sessions/${code}/results.json`, {}, 401);
    await get('/healthz', {});
    const metrics = await fetch(`${url}/metrics`, { headers: auth });
    if (metrics.status === 200) await checkResponse('GET /metrics', metrics);
    const ended = await fetch(`${url}/api/sessions/${openCode}/end`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ended.status, await ended.clone().text()).toBe(200);
    await checkResponse(`POST /api/sessions/${openCode}/end`, ended);

    // ---- the pages and every asset they load ----
    const pages = ['/', `/j/${code}`, '/present', `/present?session=${code}`, `/present?session=${code}&receiver`];
    const assets = new Set<string>();
    const references = (text: string, from: string): string[] => {
      const found = [
        ...[...text.matchAll(/(?:src|href)="(\/assets\/[^"?#]+)"/g)].map((m) => m[1]!),
        ...[...text.matchAll(/["'(]\/?assets\/([\w.-]+\.\w+)/g)].map((m) => `/assets/${m[1]}`),
      ];
      // Chunks import each other relatively ("./esm-….js"); stylesheets may point at fonts.
      if (from.startsWith('/assets/')) {
        found.push(...[...text.matchAll(/["'(]\.\/([\w.-]+\.\w+)["')]/g)].map((m) => `/assets/${m[1]}`));
      }
      return found;
    };
    for (const page of pages) {
      const res = await fetch(`${url}${page}`);
      expect(res.status, page).toBe(200);
      const html = await res.clone().text();
      await checkResponse(`page ${page}`, res);
      const refs = references(html, page);
      expect(refs.length, `${page} loads assets`).toBeGreaterThan(0);
      for (const r of refs) assets.add(r);
    }
    const fetched = new Set<string>();
    for (let pending = [...assets]; pending.length; pending = [...assets].filter((a) => !fetched.has(a))) {
      for (const asset of pending) {
        fetched.add(asset);
        const res = await fetch(`${url}${asset}`);
        expect(res.status, asset).toBe(200);
        const body = await res.clone().text();
        await checkResponse(`asset ${asset}`, res);
        for (const r of references(body, asset)) assets.add(r);
      }
    }
    // Whatever is built under /assets is served too: check the ones no page refers to as well.
    for (const file of readdirSync(DIST_ASSETS)) {
      const asset = `/assets/${file}`;
      if (fetched.has(asset)) continue;
      fetched.add(asset);
      await checkResponse(`asset ${asset}`, await fetch(`${url}${asset}`));
    }

    // ---- what every socket received ----
    let packets = 0;
    const sockets = { presenter, intruder, ...Object.fromEntries(participants.map((p, i) => [`participant ${i}`, p])) };
    for (const [name, { rec }] of Object.entries(sockets)) {
      packets += rec.raw.length;
      expect(rec.raw.length, `${name} received packets`).toBeGreaterThan(0);
      for (const [i, raw] of rec.raw.entries()) leaks.push(...findKey(`${name} packet ${i}`, raw));
      leaks.push(...findKey(`${name} events (onAny)`, JSON.stringify(rec.events)));
      leaks.push(...findKey(`${name} acks`, JSON.stringify(rec.acks)));
      leaks.push(...findKey(`${name} packets (the wrong key)`, rec.raw.join('\n'), WRONG_KEY));
    }
    const states = participants.flatMap((p) => p.rec.events.filter((e) => e.event === 'audience:state'));
    expect(states.length).toBeGreaterThan(5);

    // ---- stop, then read everything the process printed and stored ----
    for (const c of clients) c.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const output = stdout + stderr;
    const logLines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length, 'the server logs at trace level').toBeGreaterThan(0);
    expect(output).toContain('presenter join with a wrong key');
    leaks.push(...findKey('stdout', stdout), ...findKey('stderr', stderr));
    leaks.push(...findKey('process output (the wrong key)', output, WRONG_KEY));
    const stored = readdirSync(join(dataDir, 'data'));
    expect(stored).not.toContain('presenter-key'); // a key from PRESENTER_KEY is not written down
    for (const file of stored) leaks.push(...findKey(`DATA_DIR/${file}`, readFileSync(join(dataDir, 'data', file)).toString('latin1')));

    console.info(
      `key secrecy: ${logLines.length} log lines (${output.length} chars of output), ${httpChecked} HTTP responses ` +
        `(${fetched.size} assets, ${pages.length} pages), ${packets} packets to ${Object.keys(sockets).length} sockets ` +
        `(${states.length} audience:state), ${stored.length} stored files — ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
  }, 60_000);
});
