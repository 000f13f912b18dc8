// Bad input changes nothing: thousands of malformed, oversized, wrongly typed and out-of-order
// messages from many clients at once — some joined to a live session whose polls of every type are
// open, some never joined, one trying presenter actions without the key — generated from a seeded
// PRNG (set FUZZ_SEED to replay a run). Every message that asked for an acknowledgement gets an
// error acknowledgement, oversized and unparsable packets cost their sender the connection, the
// server stays up, and the SQLite file reads byte for byte as before.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, schemas } from '../../server/protocol.js';
import { MESSAGE_RATE } from '../../server/socket/limits.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { deckFrom, OPEN_DECK, RATING_SLIDE, slidesOf, WORKSHOP_DECK } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { connected, newParley, ok, PRESENTER_KEY, request, testSocket, type TestServer, type TestSocket } from '../helpers/server.js';
import { redisDump } from '../helpers/redis.js';

// ---- a deck with a poll of every type, plus one that stays closed ----

const EVERYTHING_DECK = `---
title: Everything
---
${slidesOf(WORKSHOP_DECK)}
---

${RATING_SLIDE}
---

## Never opened

\`\`\`poll
id: later
type: single
question: Not yet
options:
  one: One
  two: Two
\`\`\`

---
${slidesOf(OPEN_DECK)}`;

/** Every poll of the deck with its option ids (text and qa: none). */
const POLLS: Record<string, string[]> = {
  'branch-a': ['talk', 'wait', 'escalate'],
  topics: ['goals', 'rules', 'time'],
  friend: ['yes', 'no', 'depends'],
  rating: ['1', '2', '3', '4', '5'],
  later: ['one', 'two'],
  'first-meeting': [],
  steps: ['prepare', 'expectations', 'feedback'],
  questions: [],
};
const OPEN_POLLS = ['branch-a', 'topics', 'friend', 'rating', 'first-meeting', 'steps', 'questions'];

// ---- a seeded PRNG (mulberry32) ----

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)]!;
const chance = (r: Rand, p: number): boolean => r() < p;

// ---- the state of the server, as stored ----

/** What "nothing changed" compares: the SQLite file's rows, or the server's Redis keys. */
function snapshot(server: TestServer): Promise<string> {
  return server.redis ? redisDump(server.redis.url, server.redis.keyPrefix) : Promise.resolve(sqliteSnapshot(server.dataDir));
}

/** Every row of every table of the SQLite file, ordered, as one string. */
function sqliteSnapshot(dataDir: string): string {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string; sql: string }[];
    const dump: Record<string, unknown> = { userVersion: db.pragma('user_version', { simple: true }), tables };
    for (const { name } of tables) {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => `"${c.name}"`);
      dump[name] = db
        .prepare(`SELECT * FROM "${name}" ORDER BY ${columns.join(', ')}`)
        .raw()
        .all();
    }
    return JSON.stringify(dump);
  } finally {
    db.close();
  }
}

// ---- clients ----

interface RawEmitter {
  emit(event: unknown, ...args: unknown[]): unknown;
}

/** A connected socket.io client whose connection comes from `localAddress`. */
function clientFrom(server: TestServer, localAddress: string): Promise<TestSocket> {
  return connected(testSocket(server.url, localAddress));
}

/** Opens a raw Engine.IO WebSocket, connects to the main namespace, and resolves once connected. */
function rawSocket(server: TestServer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    onTestFinished(() => ws.terminate());
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) ws.send('40');
      else if (text.startsWith('40')) resolve(ws);
      else if (text === '2') ws.send('3');
    });
  });
}

const closed = (ws: WebSocket, timeoutMs = 5000): Promise<boolean> =>
  new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

// ---- the generator ----

interface World {
  codeA: string;
  codeB: string;
  /** Entry ids: the text poll's and the qa poll's of session A, and session B's question. */
  textEntryA: string;
  questionA: string;
  questionB: string;
}

type Role = 'participant' | 'stranger' | 'impostor';

interface Message {
  event: unknown;
  args: unknown[];
  /** Sent with an acknowledgement callback. */
  ack: boolean;
  /** Deliberately valid (a re-join): its acknowledgement is `ok`. */
  valid?: boolean;
}

// Every event a client may send, straight from the protocol's schemas: a new one is fuzzed too.
const EVENTS = Object.keys(schemas) as (keyof typeof schemas)[];
const STRANGE_EVENTS: unknown[] = [
  0,
  7,
  '',
  'toString',
  'constructor',
  'hasOwnProperty',
  '__proto__',
  'prototype',
  'audience:',
  'AUDIENCE:VOTE',
  'presenter:end',
  'x'.repeat(300),
  'audience:vote ',
];
const STRANGE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'role', 'data', '$where', ''];

/**
 * Any value. Large ones (long strings, deep nesting, binary) only at the top, so that one message
 * stays under 16 KB and under Socket.IO's 10 binary attachments.
 */
function junk(r: Rand, top = true): unknown {
  switch (int(r, top ? 10 : 5)) {
    case 0:
      return null;
    case 1:
      return pick(r, [0, -1, 1.5, 2 ** 53 + 1, -0, 1e308, NaN, Infinity, -Infinity]);
    case 2:
      return pick(r, ['', ' ', 'x', 'ABCDE', '22222', '\u0000', '\u202e', '<script>alert(1)</script>', "'; DROP TABLE votes; --", '=HYPERLINK("x")']);
    case 3:
      return chance(r, 0.5);
    case 4:
      return undefined;
    case 5:
      return 'y'.repeat(int(r, 3000));
    case 6:
      return Buffer.from([int(r, 256), int(r, 256)]);
    case 7:
      return Array.from({ length: int(r, 5) }, () => junk(r, false));
    case 8:
      return Object.fromEntries(Array.from({ length: int(r, 4) }, () => [pick(r, STRANGE_KEYS), junk(r, false)]));
    default:
      return nested(int(r, 1500));
  }
}

/** `[[[…]]]` `depth` deep (JSON, no recursion in the client's encoder). */
function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** A payload that matches no schema: wrong types, missing, extra or prototype keys, too long. */
function malformed(r: Rand, event: (typeof EVENTS)[number], w: World): unknown {
  const valid: Record<(typeof EVENTS)[number], Record<string, unknown>> = {
    'audience:join': { code: w.codeA, participantId: 'fuzz-participant-x' },
    'audience:watch': { code: w.codeA },
    'audience:vote': { pollId: 'branch-a', optionIds: ['talk'] },
    'audience:submit': { pollId: 'first-meeting', text: 'hello' },
    'audience:upvote': { pollId: 'questions', entryId: w.questionA, up: true },
    'audience:role': { role: 'resident' },
    'audience:mine': {},
    'audience:slides': {},
    'audience:results': { pollId: 'branch-a' },
    'audience:board': { pollId: 'questions' },
    'presenter:join': { code: w.codeA, key: PRESENTER_KEY },
    'presenter:goto': { h: 1, v: 1 },
    'presenter:poll': { pollId: 'branch-a', action: 'reveal' },
    'presenter:moderate': { pollId: 'questions', entryId: w.questionA, action: 'hide' },
    'presenter:timer': { pollId: 'branch-a', seconds: 30 },
    'presenter:discuss': { seconds: 30 },
    'presenter:view': { pollId: 'branch-a', view: 'movement' },
  };
  const base = { ...valid[event] };
  const keys = Object.keys(base);
  // An event without fields (audience:mine): anything but an empty object.
  if (keys.length === 0)
    return int(r, 2) === 0 ? { [pick(r, [...STRANGE_KEYS, 'extra'])]: { role: 'presenter', polluted: true } } : pick(r, [null, 42, 'x', [], [{}]]);
  switch (int(r, 12)) {
    case 0:
      return junk(r);
    case 1: {
      // One field missing.
      delete base[pick(r, keys)];
      return base;
    }
    case 2: {
      // One field of the wrong type (never a value that would pass).
      const key = pick(r, keys);
      base[key] = pick(r, [null, 42, true, [], {}, ['talk'], { $gt: '' }, Buffer.from('x'), nested(50)]);
      if (JSON.stringify(base[key]) === JSON.stringify(valid[event][key])) base[key] = null;
      return base;
    }
    case 3: {
      // An extra key, often one that would pollute a prototype if merged carelessly.
      // (A computed "__proto__" key is an own property, as JSON.parse would make it.)
      return { ...base, [pick(r, [...STRANGE_KEYS, 'extra', 'isAdmin'])]: { role: 'presenter', polluted: true } };
    }
    case 4: {
      // __proto__ as a real own key (as JSON.parse makes it).
      return JSON.parse(
        `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(base[k])}`).join(',')},"__proto__":{"role":"presenter","polluted":true}}`,
      );
    }
    case 5: {
      // A string far too long for its field (but the message stays under 16 KB).
      const key = pick(
        r,
        keys.filter((k) => typeof base[k] === 'string'),
      );
      base[key] = 'z'.repeat(pick(r, [65, 257, 2001, 9000]));
      return base;
    }
    case 6:
      // Numbers out of range or not integers.
      return event === 'presenter:goto'
        ? { h: pick(r, [-1, 1.5, 10_001, 1e308, NaN, Infinity, -0.5, '1']), v: pick(r, [0, -1, 2.5, null]) }
        : { ...base, [pick(r, keys)]: pick(r, [NaN, Infinity, -1, 1e308]) };
    case 7:
      // Ids with characters ids may not have.
      return {
        ...base,
        [pick(
          r,
          keys.filter((k) => k !== 'text'),
        )]: pick(r, ['../etc/passwd', 'a b', 'é', '-x', 'x;y', '\u0000', `${'a'.repeat(64)}b`]),
      };
    case 8:
      // Arrays where objects go, objects where arrays go.
      return event === 'audience:vote'
        ? { pollId: 'branch-a', optionIds: pick(r, ['talk', { 0: 'talk' }, nested(300), Array(51).fill('talk')]) }
        : [base];
    case 9:
      return pick(r, [null, 0, 'string', true, [], nested(int(r, 1500)), Buffer.alloc(int(r, 2000))]);
    case 10: {
      // Wrong enum values and wrong booleans.
      if (event === 'presenter:poll') return { ...base, action: pick(r, ['delete', 'OPEN', '', 'open ', 'end']) };
      if (event === 'presenter:moderate') return { ...base, action: pick(r, ['delete', 'approve', 'HIDE', '']) };
      if (event === 'audience:upvote') return { ...base, up: pick(r, ['true', 1, 0, null]) };
      if (event === 'audience:join') return { ...base, code: pick(r, [w.codeA.toLowerCase(), 'O0I1L', 'ABCD', 'ABCDEF', '']) };
      return { ...base, extra: 1 };
    }
    default:
      return { ...base, [pick(r, keys)]: undefined, also: 'this' };
  }
}

/** A message that matches its schema but that this socket's role or the session must refuse. */
function outOfOrder(r: Rand, role: Role, w: World): Message {
  const anyPoll = pick(r, Object.keys(POLLS));
  const presenterAction = (): Message => {
    switch (int(r, 3)) {
      case 0:
        return { event: 'presenter:goto', args: [{ h: int(r, 12), v: int(r, 3) }], ack: true };
      case 1:
        return { event: 'presenter:poll', args: [{ pollId: anyPoll, action: pick(r, ['open', 'close', 'reveal', 'hide', 'reset']) }], ack: true };
      default:
        return {
          event: 'presenter:moderate',
          args: [
            {
              pollId: pick(r, ['questions', 'first-meeting']),
              entryId: pick(r, [w.questionA, w.textEntryA, w.questionB]),
              action: pick(r, ['hide', 'show', 'answered', 'unanswered']),
            },
          ],
          ack: true,
        };
    }
  };
  if (role === 'impostor') {
    // Presenter actions without the key, and guesses at it.
    if (chance(r, 0.3)) {
      const key = pick(r, ['', 'wrong', PRESENTER_KEY.slice(0, -1), `${PRESENTER_KEY} `, PRESENTER_KEY.toUpperCase(), 'k'.repeat(256)]);
      const code = pick(r, [w.codeA, w.codeB]);
      return { event: 'presenter:join', args: [{ code, key: key || 'x' }], ack: true };
    }
    return presenterAction();
  }
  if (role === 'stranger') {
    // Never joined: votes, answers and upvotes first; joins with codes of no session.
    switch (int(r, 5)) {
      case 0:
        return { event: 'audience:vote', args: [{ pollId: 'branch-a', optionIds: ['talk'] }], ack: true };
      case 1:
        return { event: 'audience:submit', args: [{ pollId: 'first-meeting', text: 'a perfectly good answer' }], ack: true };
      case 2:
        return { event: 'audience:upvote', args: [{ pollId: 'questions', entryId: w.questionA, up: true }], ack: true };
      case 3: {
        let code = w.codeA;
        while (code === w.codeA || code === w.codeB) code = Array.from({ length: 5 }, () => pick(r, [...'23456789ABCDEFGHJKMNPQRSTUVWXYZ'])).join('');
        return { event: 'audience:join', args: [{ code, participantId: `stranger-${int(r, 1e6)}` }], ack: true };
      }
      default:
        return presenterAction();
    }
  }
  // A participant of session A: answers the session must refuse, and presenter actions.
  const [pollId, optionIds] = ((): [string, string[]] => {
    const options = POLLS[anyPoll]!;
    const others = Object.entries(POLLS)
      .filter(([id]) => id !== anyPoll)
      .flatMap(([, ids]) => ids)
      .filter((id) => !options.includes(id));
    switch (int(r, 7)) {
      case 0:
        return ['later', [pick(r, POLLS.later!)]]; // a closed poll
      case 1:
        return [pick(r, ['no-such-poll', 'branch-b', 'Branch-A']), ['talk']]; // an unknown poll
      case 2:
        return [anyPoll, [pick(r, others)]]; // an option of another poll
      case 3:
        return [anyPoll, []];
      case 4:
        return options.length ? [anyPoll, [options[0]!, options[0]!]] : [anyPoll, ['x']]; // twice the same
      case 5:
        // Too many: two on a single choice, three on topics (limit 2), a partial ranking.
        if (anyPoll === 'steps') return ['steps', POLLS.steps!.slice(0, 2)];
        if (anyPoll === 'topics') return ['topics', POLLS.topics!];
        return options.length >= 2 ? [anyPoll, options.slice(0, 2)] : [anyPoll, ['a', 'b']];
      default:
        return [pick(r, ['first-meeting', 'questions']), ['talk']]; // options on a text poll
    }
  })();
  switch (int(r, 5)) {
    case 0:
    case 1:
      return { event: 'audience:vote', args: [{ pollId, optionIds }], ack: true };
    case 2: {
      // Text the poll must refuse: empty once cleaned, longer than the deck allows, or on a poll
      // that takes no text / is closed.
      const target = pick(r, ['first-meeting', 'questions', 'branch-a', 'later', 'steps']);
      const text =
        target === 'first-meeting' || target === 'questions'
          ? pick(r, ['', '   ', '\u0000\u0001\u200b', '\u202e\u2066', 'w'.repeat(target === 'first-meeting' ? 61 : 201), '🙂'.repeat(201)])
          : 'a fine answer';
      return { event: 'audience:submit', args: [{ pollId: target, text }], ack: true };
    }
    case 3: {
      // Upvotes of what is not a question on this board: an answer of the text poll, a question
      // of session B, an id that never existed; or on a poll that is not a board.
      const target = pick(r, ['questions', 'questions', 'first-meeting', 'branch-a']);
      const entryId = pick(r, [w.textEntryA, w.questionB, 'no-such-entry', `${w.questionA.toLowerCase()}x`]);
      return {
        event: 'audience:upvote',
        args: [{ pollId: target, entryId: target === 'questions' ? entryId : w.questionA, up: chance(r, 0.5) }],
        ack: true,
      };
    }
    default:
      return presenterAction();
  }
}

function message(r: Rand, role: Role, w: World): Message {
  const roll = r();
  if (roll < 0.4) {
    const event = pick(r, EVENTS);
    return { event, args: [malformed(r, event, w)], ack: true };
  }
  if (roll < 0.75) return outOfOrder(r, role, w);
  if (roll < 0.82) {
    // Unknown events, with any payload.
    return { event: pick(r, STRANGE_EVENTS), args: [junk(r)], ack: true };
  }
  if (roll < 0.9) {
    // Wrong arity: no payload, or extra arguments before the acknowledgement.
    const event = pick(r, EVENTS);
    const extra = Array.from({ length: 1 + int(r, 3) }, () => junk(r, false));
    return { event, args: chance(r, 0.3) ? [] : [chance(r, 0.5) ? malformed(r, event, w) : outOfOrder(r, role, w).args[0], ...extra], ack: true };
  }
  if (roll < 0.995) {
    // No acknowledgement callback at all (or one that is not last): must be ignored, and change nothing.
    const sent = outOfOrder(r, role, w);
    return chance(r, 0.5) ? { ...sent, ack: false } : { event: sent.event, args: [() => undefined, ...sent.args], ack: false };
  }
  if (role === 'participant') {
    // Deliberately valid and harmless: joining again (done by the caller with the right id).
    return { event: 'audience:join', args: [], ack: true, valid: true };
  }
  return { event: 'audience:vote', args: [{ pollId: 'branch-a', optionIds: ['talk'] }, 'extra'], ack: true };
}

// ---- the test ----

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_606);
const CLIENTS = 20;
const MESSAGES_PER_CLIENT = 520;
const IN_FLIGHT = 32;
const ACK_TIMEOUT_MS = 5000;
/**
 * Each client stays within its connection's message budget (MESSAGE_RATE: a burst, then so many a
 * second), so that what is tested is how each message is answered, not the flood guard
 * (abuse-limits.test.ts tests that).
 */
const PACE = { burst: MESSAGE_RATE.burst - 20, perSecond: MESSAGE_RATE.perSecond * 0.8 };

describe('fuzzing the socket protocol', () => {
  it('answers every bad message with an error, keeps serving, and changes nothing stored', async () => {
    const decks = new Map([['everything', deckFrom(EVERYTHING_DECK, 'everything.md')]]);
    const server = await newParley({ decks });
    const codeA = await server.createSession('everything');
    const codeB = await server.createSession('everything');

    // Session A: every poll but "later" open, with answers of every kind already in.
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code: codeA, key: PRESENTER_KEY, view: 'console' }));
    for (const pollId of OPEN_POLLS) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'friend', action: 'reveal' }));
    const honest = await server.client();
    ok(await request(honest, 'audience:join', { code: codeA, participantId: 'honest-one' }));
    ok(await request(honest, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
    ok(await request(honest, 'audience:vote', { pollId: 'topics', optionIds: ['goals', 'time'] }));
    ok(await request(honest, 'audience:vote', { pollId: 'friend', optionIds: ['depends'] }));
    ok(await request(honest, 'audience:vote', { pollId: 'rating', optionIds: ['4'] }));
    ok(await request(honest, 'audience:vote', { pollId: 'steps', optionIds: ['feedback', 'prepare', 'expectations'] }));
    const textEntryA = ok(await request(honest, 'audience:submit', { pollId: 'first-meeting', text: 'Goals and boundaries' })).entries![0]!.id;
    // The coalesced tick that carries session A's last change (the presenter hears of it before the fuzzing starts).
    const lastTickA = nextEvent(presenter, 'presenter:entries', (u) => u.entries.some((e) => e.text === 'How often do we meet?'));
    const questionA = ok(await request(honest, 'audience:submit', { pollId: 'questions', text: 'How often do we meet?' })).entries![0]!.id;
    // Session B: its own open board with a question.
    const presenterB = await server.client();
    ok(await request(presenterB, 'presenter:join', { code: codeB, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenterB, 'presenter:poll', { pollId: 'questions', action: 'open' }));
    const honestB = await server.client();
    ok(await request(honestB, 'audience:join', { code: codeB, participantId: 'honest-bee' }));
    const questionB = ok(await request(honestB, 'audience:submit', { pollId: 'questions', text: 'Is B separate?' })).entries![0]!.id;
    const world: World = { codeA, codeB, textEntryA, questionA, questionB };

    const before = await snapshot(server);
    const errorsBefore = Object.values(server.metrics.errors).reduce((a, b) => a + b, 0);
    const countedBefore = { votes: server.metrics.votes, entries: server.metrics.entries, upvotes: server.metrics.upvotes };
    const presenterBefore = ok(await request(presenter, 'presenter:join', { code: codeA, key: PRESENTER_KEY, view: 'console' }));
    await lastTickA;

    // 20 clients from 20 addresses: 10 participants of A, 9 strangers, 1 impostor.
    const roles: Role[] = Array.from({ length: CLIENTS }, (_, i) => (i < 10 ? 'participant' : i < CLIENTS - 1 ? 'stranger' : 'impostor'));
    const clients = await Promise.all(roles.map((_, i) => clientFrom(server, `127.0.0.${100 + i}`)));
    await Promise.all(
      clients.map(async (socket, i) => {
        if (roles[i] === 'participant') ok(await request(socket, 'audience:join', { code: codeA, participantId: `fuzz-participant-${i}` }));
      }),
    );

    const stats = {
      sent: 0,
      withAck: 0,
      errorAcks: 0,
      validSent: 0,
      validOk: 0,
      /** Valid messages refused as rate_limited and sent again (see send()). */
      validRetries: 0,
      unexpectedOk: [] as string[],
      /** Messages with a callback that got no answer within ACK_TIMEOUT_MS. */
      unanswered: [] as string[],
      codes: {} as Record<string, number>,
    };
    const disconnected: string[] = [];
    for (const [i, socket] of clients.entries()) socket.on('disconnect', (reason) => disconnected.push(`client ${i}: ${reason}`));

    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    await Promise.all(
      clients.map(async (socket, i) => {
        const r = prng(SEED + i);
        const role = roles[i]!;
        let inFlight = 0;
        let wake: (() => void) | null = null;
        const settle = (): void => {
          inFlight -= 1;
          wake?.();
        };
        const started = performance.now();
        for (let n = 0; n < MESSAGES_PER_CLIENT; n++) {
          const due = started + (Math.max(0, n - PACE.burst) / PACE.perSecond) * 1000;
          // Real time: paced within the connection's message budget, which refills on the clock.
          if (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
          const m = message(r, role, world);
          const args = m.valid ? [{ code: codeA, participantId: `fuzz-participant-${i}` }] : m.args;
          stats.sent += 1;
          if (!m.ack) {
            (socket as unknown as RawEmitter).emit(m.event, ...args);
            continue;
          }
          while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
          inFlight += 1;
          stats.withAck += 1;
          if (m.valid) stats.validSent += 1;
          const label = `${String(m.event).slice(0, 30)} ${JSON.stringify(args[0] ?? null)?.slice(0, 120)}`;
          const send = (attempt: number): void => {
            (socket.timeout(ACK_TIMEOUT_MS) as unknown as RawEmitter).emit(
              m.event,
              ...args,
              (err: Error | null, result: { ok: boolean; error?: { code: string } }) => {
                if (err) {
                  stats.unanswered.push(label);
                } else if (result.ok) {
                  if (m.valid) stats.validOk += 1;
                  else stats.unexpectedOk.push(label);
                } else if (m.valid && result.error!.code === 'rate_limited' && attempt < 3) {
                  // A busy machine may handle this connection's paced messages in a bunch, over its
                  // message budget: a valid message is then refused as too fast, and goes through
                  // when sent again a moment later, as a phone would.
                  stats.validRetries += 1;
                  setTimeout(() => send(attempt + 1), 1000); // real time: the message budget refills on the clock
                  return;
                } else {
                  stats.errorAcks += 1;
                  stats.codes[result.error!.code] = (stats.codes[result.error!.code] ?? 0) + 1;
                }
                settle();
              },
            );
          };
          send(1);
        }
        // Every answer (or ack timeout) settles one: wait for the last one.
        while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
      }),
    );

    // Oversized messages: the sender loses its connection, nobody else does.
    const oversized = await Promise.all([0, 1, 2].map((i) => clientFrom(server, `127.0.0.${150 + i}`)));
    const dropped = oversized.map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
    oversized[0]!.emit('audience:join', { code: codeA, participantId: 'x'.repeat(MAX_MESSAGE_BYTES) } as never, () => undefined);
    (oversized[1] as unknown as RawEmitter).emit('audience:submit', { pollId: 'first-meeting', text: '🙂'.repeat(MAX_MESSAGE_BYTES) });
    (oversized[2] as unknown as RawEmitter).emit(
      'audience:vote',
      { pollId: 'branch-a', optionIds: [Buffer.alloc(MAX_MESSAGE_BYTES + 1)] },
      () => undefined,
    );
    for (const reason of await Promise.all(dropped)) expect(reason).toMatch(/^transport (close|error)$/);
    stats.sent += 3;

    // Packets that are not Socket.IO at all, or lie about themselves: the connection is closed.
    const closingPackets: (string | Buffer)[][] = [
      ['42["audience:vote",'],
      ['42{"audience:vote":1}'],
      ['42["disconnect"]'],
      ['42["newListener",{}]'],
      ['451-["audience:vote",{"_placeholder":true,"num":7}]', Buffer.from('x')],
      ['4911-["audience:vote",{"_placeholder":true,"num":0}]'],
      ['451-["audience:vote",{"_placeholder":true,"num":0}]', '42["audience:vote",{}]'],
      ['99'],
      ['4/no-such-namespace,42["x"]'],
    ];
    const raws = await Promise.all(closingPackets.map(() => rawSocket(server)));
    raws.forEach((ws, i) => {
      for (const frame of closingPackets[i]!) ws.send(frame);
    });
    const rawClosed = await Promise.all(raws.map((ws) => closed(ws)));
    stats.sent += closingPackets.length;
    // A well-formed packet carrying an array nested thousands deep: an error acknowledgement.
    const deep = await rawSocket(server);
    const deepAck = new Promise<string>((resolve) => deep.on('message', (data) => String(data).startsWith('43') && resolve(String(data))));
    const depth = MAX_MESSAGE_BYTES / 2 - 20;
    deep.send(`421["audience:vote",${'['.repeat(depth)}${']'.repeat(depth)}]`);
    const [deepResult] = JSON.parse((await deepAck).slice(3)) as [{ ok: boolean; error?: { code: string } }];
    stats.sent += 1;
    stats.withAck += 1;
    if (deepResult.ok) stats.unexpectedOk.push('audience:vote nested thousands deep');
    else stats.errorAcks += 1;

    const summary = `fuzzed ${stats.sent} messages from ${CLIENTS + 4 + closingPackets.length} clients (seed ${SEED}): ${stats.withAck} with an acknowledgement callback → ${stats.errorAcks} error acks + ${stats.validOk}/${stats.validSent} deliberately valid ok (${stats.validRetries} sent again after rate_limited); ${stats.sent - stats.withAck} without (ignored or closing the connection); error codes ${JSON.stringify(stats.codes)}`;
    console.log(summary);

    expect(stats.sent).toBeGreaterThanOrEqual(10_000);
    expect(stats.unanswered).toEqual([]);
    expect(stats.unexpectedOk).toEqual([]);
    expect(disconnected).toEqual([]);
    expect(stats.validOk).toBe(stats.validSent);
    expect(stats.errorAcks + stats.validOk).toBe(stats.withAck);
    expect(rawClosed.filter((c) => !c)).toEqual([]);
    expect(deepResult).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // The operator's counters saw the same: every error answer counted by code (the rate_limited
    // answers to valid messages sent again included), nothing stored.
    expect(Object.values(server.metrics.errors).reduce((a, b) => a + b, 0) - errorsBefore).toBe(stats.errorAcks + stats.validRetries);
    expect({ votes: server.metrics.votes, entries: server.metrics.entries, upvotes: server.metrics.upvotes }).toEqual(countedBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();

    // Nothing changed: the file, and the live state the presenter sees.
    expect(await snapshot(server)).toBe(before);
    const presenterAfter = ok(await request(presenter, 'presenter:join', { code: codeA, key: PRESENTER_KEY, view: 'console' }));
    expect({ ...presenterAfter, participants: 0 }).toEqual({ ...presenterBefore, participants: 0 });

    // The fuzzers leave: the count of connected participants comes back to the honest one.
    for (const socket of clients) socket.close();
    await expect
      .poll(async () => ok(await request(presenter, 'presenter:join', { code: codeA, key: PRESENTER_KEY, view: 'console' })).participants)
      .toBe(1);

    // Still serving: health, and a normal vote.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const newcomer = await server.client();
    ok(await request(newcomer, 'audience:join', { code: codeA, participantId: 'after-the-storm' }));
    expect(ok(await request(newcomer, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }))).toEqual({
      pollId: 'branch-a',
      round: 1,
      optionIds: ['talk'],
    });
    expect(await snapshot(server)).not.toBe(before);
  }, 120_000);

  it('refuses malformed, oversized and unexpected HTTP bodies with a clear 4xx, and changes nothing', async () => {
    const decks = new Map([['everything', deckFrom(EVERYTHING_DECK, 'everything.md')]]);
    const server = await newParley({ decks });
    const code = await server.createSession('everything');
    const before = await snapshot(server);
    const r = prng(SEED);
    const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
    const bodies: [body: string, expected: number, message?: string][] = [
      ['{"deck":', 400, 'The request body is not valid JSON.'],
      ["{'deck':'everything'}", 400, 'The request body is not valid JSON.'],
      ['{"deck":"everything"', 400, 'The request body is not valid JSON.'],
      ['"everything"', 400, 'The request body is not valid JSON.'],
      ['null', 400, 'The request body is not valid JSON.'],
      ['42', 400, 'The request body is not valid JSON.'],
      ['[]', 400],
      ['{}', 400],
      ['{"deck":"everything","extra":1}', 400],
      ['{"deck":"everything","__proto__":{"admin":true}}', 400],
      ['{"deck":"../../etc/passwd"}', 400],
      ['{"deck":["everything"]}', 400],
      ['{"deck":{"toString":"everything"}}', 400],
      [`{"deck":"${'x'.repeat(101)}"}`, 400],
      [`{"deck":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400],
      [`{"deck":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}`, 413, 'The request body is larger than 16 KB.'],
    ];
    // And random bytes, seeded.
    for (let i = 0; i < 200; i++) {
      const junkBody = Array.from({ length: 1 + int(r, 300) }, () => String.fromCharCode(int(r, 128))).join('');
      bodies.push([junkBody, 400]);
    }
    let sent = 0;
    for (const [body, expected, message] of bodies) {
      const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
      sent += 1;
      const answer = (await res.json()) as { error?: { code: string; message: string } };
      // A random body may happen to be valid JSON of the wrong shape; either way a 400.
      expect(res.status, body.slice(0, 80)).toBe(expected);
      expect(answer.error?.code, body.slice(0, 80)).toBe('bad_request');
      if (message) expect(answer.error?.message).toBe(message);
    }
    // Not JSON at all, and bodies on requests that take none: refused before anything is done.
    const refused: [method: string, path: string, headers: Record<string, string>, body: string, status: number][] = [
      ['POST', '/api/sessions', { 'content-type': 'text/plain' }, 'deck=everything', 400],
      ['POST', '/api/sessions', { 'content-type': 'application/x-www-form-urlencoded' }, 'deck=everything', 400],
      ['POST', '/api/sessions', { 'content-type': 'application/json', 'content-encoding': 'br' }, '{"deck":"everything"}', 400],
      ['POST', `/api/sessions/${code}/end`, { 'content-type': 'application/json' }, '{"now":true}', 400],
      ['POST', `/api/sessions/${code}/end`, { 'content-type': 'text/plain' }, 'end it', 400],
      ['DELETE', `/api/sessions/${code}`, { 'content-type': 'application/json' }, '{"really":true}', 400],
      ['DELETE', `/api/sessions/${code}`, { 'content-type': 'application/json' }, '{"really":', 400],
    ];
    for (const [method, path, headers, body, status] of refused) {
      const res = await fetch(`${server.url}${path}`, { method, headers: { ...auth, ...headers }, body });
      sent += 1;
      expect(res.status, `${method} ${path} ${body}`).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
    // A report comparing too many sessions is refused before any is read.
    const many = Array.from({ length: 25 }, () => code).join(',');
    expect((await fetch(`${server.url}/api/sessions/${code}/export?format=html&with=${many}`, { headers: auth })).status).toBe(200);
    const codes = Array.from({ length: 25 }, (_, i) => `${'ABCDE'.slice(0, 4)}${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'[i]}`).join(',');
    expect((await fetch(`${server.url}/api/sessions/${code}/export?format=html&with=${codes}`, { headers: auth })).status).toBe(400);
    console.log(`fuzzed ${sent} HTTP bodies: every one refused with a 4xx`);

    expect(await snapshot(server)).toBe(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // An empty body, or {}, is fine where none is expected.
    const ended = await fetch(`${server.url}/api/sessions/${code}/end`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ended.status).toBe(200);
  });

  it('cannot make the participant count drift: joins racing on one socket, then a disconnect', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const socket = await server.client();
    const joins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => request(socket, 'audience:join', { code, participantId: `racing-participant-${i}` })),
    );
    expect(joins.every((j) => j.ok)).toBe(true);
    expect(ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).participants).toBe(1);
    // Joined and gone at once: the join still under way must not leave a participant behind.
    const other = await server.client();
    (other as unknown as RawEmitter).emit('audience:join', { code, participantId: 'gone-at-once' }, () => undefined);
    other.close();
    socket.close();
    await expect.poll(async () => ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).participants).toBe(0);
  });
});
