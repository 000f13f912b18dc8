// The soak: many sessions one after the other on one server, as a server left running through
// weeks of workshops sees them. Each session is created over HTTP, a presenter and N phones join
// (real socket.io clients), every choice poll of the deck is opened, voted on by every phone,
// revealed and closed, the session is ended over HTTP and everybody leaves. `soakSession` is one
// such session (also run by test/integration/soak.test.ts against an in-process server);
// `runSoak` is `npm run bench -- --soak`: a server process and its memory after every session.
import { io, type Socket } from 'socket.io-client';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadDecks } from '../server/deck/load.js';
import type { Deck } from '../server/deck/types.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/protocol.js';
// presenterRequest emits on any socket and throws unless the acknowledgement is ok: phones use it too.
import { joinPresenter, presenterRequest as request } from './bench.js';
import { ServerProcess } from './processes.js';
import { BENCH_KEY } from './shared.js';
import { round } from './stats.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SoakSessionOptions {
  /** The server's base URL (http://host:port). */
  url: string;
  presenterKey: string;
  deck: Deck;
  phones: number;
  /** The first this many choice polls of the deck (default: all of them). */
  polls?: number;
  /** Makes this session's participant ids differ from every other session's. */
  idPrefix: string;
}

/** Phones connecting at the same time (a room scanning the QR code, not all in one tick). */
const JOIN_CONCURRENCY = 50;

/** The deck's polls phones answer by picking one option: single choice and yes/no. */
export function choicePolls(deck: Deck): Deck['polls'] {
  return deck.polls.filter((p) => p.type === 'single' || p.type === 'yesno');
}

/** The `i`th phone's answer to a choice poll: one option, or one per question of a paired poll (`ask`), the would one next to the should one. */
function answerOf(poll: Deck['polls'][number], i: number): string[] {
  const questions = (poll.type === 'single' && poll.ask?.length) || 1;
  return Array.from({ length: questions }, (_, q) => poll.options[(i + q) % poll.options.length]!.id);
}

/** Runs one whole session (see the top of this file); returns its join code and the votes acknowledged. */
export async function soakSession(options: SoakSessionOptions): Promise<{ code: string; votes: number }> {
  const { url, presenterKey } = options;
  const auth = { authorization: `Bearer ${presenterKey}` };
  const created = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ deck: options.deck.id }),
  });
  if (created.status !== 201) throw new Error(`create session: ${created.status} ${await created.text()}`);
  const { code } = (await created.json()) as { code: string };
  const phones: Client[] = [];
  let presenter: Client | null = null;
  try {
    presenter = await joinPresenter({ url, code }, [], presenterKey);
    const ids = Array.from({ length: options.phones }, (_, i) => `soak-${options.idPrefix}-${String(i).padStart(6, '0')}`);
    for (let i = 0; i < ids.length; i += JOIN_CONCURRENCY) {
      phones.push(...(await Promise.all(ids.slice(i, i + JOIN_CONCURRENCY).map((id) => joinPhone(url, code, id)))));
    }
    let votes = 0;
    for (const poll of choicePolls(options.deck).slice(0, options.polls)) {
      await request(presenter, 'presenter:goto', poll.slide);
      await request(presenter, 'presenter:poll', { pollId: poll.id, action: 'open' });
      await Promise.all(phones.map((phone, i) => request(phone, 'audience:vote', { pollId: poll.id, optionIds: answerOf(poll, i) })));
      votes += phones.length;
      await request(presenter, 'presenter:poll', { pollId: poll.id, action: 'reveal' });
      await request(presenter, 'presenter:poll', { pollId: poll.id, action: 'close' });
    }
    const ended = await fetch(`${url}/api/sessions/${code}/end`, { method: 'POST', headers: auth });
    if (ended.status !== 200) throw new Error(`end session ${code}: ${ended.status} ${await ended.text()}`);
    return { code, votes };
  } finally {
    for (const phone of phones) phone.close();
    presenter?.close();
  }
}

async function joinPhone(url: string, code: string, participantId: string): Promise<Client> {
  const phone: Client = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      phone.once('connect', resolve);
      phone.once('connect_error', reject);
    });
    await request(phone, 'audience:join', { code, participantId });
    return phone;
  } catch (err) {
    phone.close();
    throw err;
  }
}

export interface SoakOptions {
  sessions: number;
  phones: number;
  /** ENDED_SESSION_GRACE_SECONDS for the server (default: the server's own default). */
  graceSeconds?: number;
  log: (line: string) => void;
}

export interface SoakSample {
  session: number;
  /** Time the session took, from its creation to its end (ms). */
  ms: number;
  votes: number;
  /** The server process's memory after a forced full GC (MB). */
  rssMb: number;
  heapMb: number;
  /** Sessions the server holds in memory (ended ones included, until they are swept). */
  sessionsInMemory: number;
}

export interface SoakResult {
  date: string;
  options: Omit<SoakOptions, 'log'>;
  machine: { cpus: number; node: string };
  samples: SoakSample[];
}

const SLIDES = join(import.meta.dirname, '..', 'slides');

/** `npm run bench -- --soak`: sessions of the mentoring deck, one after the other, on one server process. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const deck = loadDecks(SLIDES).get('mentoring');
  if (!deck) throw new Error(`no mentoring deck in ${SLIDES}`);
  const env: Record<string, string> = options.graceSeconds === undefined ? {} : { ENDED_SESSION_GRACE_SECONDS: String(options.graceSeconds) };
  const server = await ServerProcess.start('parley', 0, { decks: { dir: SLIDES, env } });
  const samples: SoakSample[] = [];
  try {
    for (let n = 1; n <= options.sessions; n++) {
      const start = Date.now();
      const { votes } = await soakSession({ url: server.url, presenterKey: BENCH_KEY, deck, phones: options.phones, idPrefix: `s${n}` });
      const ms = Date.now() - start;
      const stats = await server.stats();
      const sample: SoakSample = {
        session: n,
        ms,
        votes,
        rssMb: round(stats.rss / 2 ** 20),
        heapMb: round(stats.heapUsed / 2 ** 20),
        sessionsInMemory: stats.sessionsInMemory ?? 0,
      };
      samples.push(sample);
      options.log(
        `session ${n}: ${votes} votes in ${(ms / 1000).toFixed(1)} s; RSS ${sample.rssMb} MB, heap ${sample.heapMb} MB, ${sample.sessionsInMemory} in memory`,
      );
    }
  } finally {
    await server.stop();
  }
  const { log: _log, ...rest } = options;
  return { date: new Date().toISOString(), options: rest, machine: { cpus: cpus().length, node: process.version }, samples };
}
