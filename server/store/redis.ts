// The networked store (REDIS_URL): the same records as the SQLite store, in Redis, so that
// several Parley processes can share live sessions.
//
// Keys (P = REDIS_KEY_PREFIX, default "parley:"):
//   P sessions                    sorted set: session codes by creation time
//   P seq                         counter: creation order (SQLite's rowid) of sessions and entries
//   P session:CODE                hash: the session's fields
//   P session:CODE:polls          hash: poll id → poll snapshot (JSON)
//   P session:CODE:votes          hash: [poll id, round, participant] (JSON) → answer (JSON)
//   P session:CODE:entries        hash: entry id → the entry as first written (JSON)
//   P session:CODE:entry-status   hash: entry id → {status, answeredAt} (JSON)
//   P session:CODE:entry-order    hash: entry id → creation order
//   P session:CODE:upvotes        hash: [entry id, participant] (JSON) → {pollId, round} (JSON)
//   P session:CODE:links          hash: participant → {step, linkedAt} (JSON): a follow-up's links
//   P health                      the health check's token
//   P secret                      the server secret (privacy/secret.ts), set by the first process
//   P layout                      3 once participant ids are per session (privacy/pseudonym.ts)
//   P upgrading                   held (60 s at most) by the process rewriting older ids
// Each write is one Lua script or MULTI/EXEC, so it is atomic; a vote is one HSET of its own
// field, so votes written at once by several processes never overwrite each other (the same
// participant's last write wins whole). Writes to a session that does not exist are refused, as
// SQLite's foreign keys refuse them.
//
// Durability: a write resolves once Redis has answered it. Redis answers after appending to its
// AOF; acknowledged votes survive a crash or restart of Redis only with `appendonly yes` and
// `appendfsync always` (with `everysec`, up to a second of acknowledged writes can be lost).
// While Redis is away, a write is refused (never left hanging, never sent again once Redis is
// back) and the client reconnects by itself: redis-client.ts.
import type { Redis } from 'ioredis';
import type { Deck, SlidePosition } from '../deck/types.js';
import type { Logger } from '../log.js';
import { sessionParticipantId } from '../privacy/pseudonym.js';
import { sharedSecret } from '../privacy/secret.js';
import type { ChartView, EntryStatus, SelfPacedWindow } from '../protocol.js';
import { participation, shownRounds } from '../session/records.js';
import type { DiscussionTimer } from '../session/session.js';
import { StoreClosedError, StoreOpenError } from './errors.js';
import { connectRedis, unanswered } from './redis-client.js';
import type {
  EntryRecord,
  LinkRecord,
  PollRecord,
  ServerStore,
  SessionRecord,
  SessionSummary,
  StoreStats,
  StoredSession,
  UpvoteRecord,
  VoteRecord,
} from './store.js';
import { storedView } from './store.js';

/** Refused when the session is gone: a write never recreates the keys of a deleted session. */
const MISSING = "if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR no such session') end\n";

const SCRIPTS = {
  // KEYS: session, sessions, seq. ARGV: code, deckId, deck, createdAt, slideH, slideV, visited,
  // followUpOf ('' when none), selfPaced (JSON, '' when none).
  parleyCreateSession: {
    numberOfKeys: 3,
    lua: `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('ERR session ' .. ARGV[1] .. ' exists') end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'deckId', ARGV[2], 'deck', ARGV[3], 'createdAt', ARGV[4],
  'slideH', ARGV[5], 'slideV', ARGV[6], 'visited', ARGV[7], 'seq', seq)
if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'followUpOf', ARGV[8]) end
if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'selfPaced', ARGV[9]) end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1`,
  },
  // KEYS: session. ARGV: field, value, …  A session that is gone is left alone (as an UPDATE).
  parleyUpdateSession: {
    numberOfKeys: 1,
    lua: `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`,
  },
  // KEYS: session. ARGV: endedAt. Only the first end counts.
  parleyEndSession: {
    numberOfKeys: 1,
    lua: `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'endedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'endedAt', ARGV[1])
return 1`,
  },
  // KEYS: session, hash. ARGV: field, value. Inserts or replaces.
  parleySetField: {
    numberOfKeys: 2,
    lua: `${MISSING}redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`,
  },
  // KEYS: session, votes. ARGV: field, answer, answeredAt. Inserts or replaces — unless the stored
  // answer was given later: a write that arrives late (sent by a process killed before Redis read
  // it, while the phone moved on to another process and answered again there) never undoes a newer answer.
  parleySetAnswer: {
    numberOfKeys: 2,
    lua: `${MISSING}local old = redis.call('HGET', KEYS[2], ARGV[1])
if old and cjson.decode(old).answeredAt > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`,
  },
  // KEYS: session, upvotes. ARGV: field, value. Adds once (a second upvote changes nothing).
  parleyAddField: {
    numberOfKeys: 2,
    lua: `${MISSING}redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2])
return 1`,
  },
  // KEYS: session, entries, entry-status, entry-order, seq. ARGV: entry id, entry, status.
  // The entry's text and author are kept as first written; its status is replaced.
  parleySaveEntry: {
    numberOfKeys: 5,
    lua: `${MISSING}if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('HSET', KEYS[4], ARGV[1], redis.call('INCR', KEYS[5]))
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return 1`,
  },
} as const;

type ScriptName = keyof typeof SCRIPTS;

/** The first layout whose participant ids are per session (the phones' own ids before: SQLite's schema 3). */
const PER_SESSION_IDS = 3;
/** How long one process may take to rewrite older ids, and others wait for it. */
const UPGRADE_MS = 60_000;

interface StoredPoll {
  status: PollRecord['status'];
  revealed: boolean;
  round: number;
  openedAt: number | null;
  closedAt: number | null;
  participantsAtClose: number | null;
  timer: PollRecord['timer'];
  /** Absent in polls stored before rounds were kept: none. */
  kept?: number[];
  /** The chart view presenters share; absent: `normal`. */
  view?: ChartView;
}
interface StoredAnswer {
  optionIds: string[];
  answeredAt: number;
  changes: number;
}
type StoredEntry = Omit<EntryRecord, 'code' | 'status' | 'answeredAt'>;
interface StoredEntryStatus {
  status: EntryStatus;
  answeredAt: number | null;
}

export class RedisStore implements ServerStore {
  readonly stats: StoreStats = { commits: 0, writes: 0, failedWrites: 0, failedCommits: 0 };
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();
  private healthToken = 0;

  /** Takes over `client` (connected: connectRedis) and closes it in close(). */
  private constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    /** The secret every process sharing this Redis (and prefix) uses. */
    readonly secret: Buffer,
  ) {
    for (const [name, script] of Object.entries(SCRIPTS)) client.defineCommand(name, script);
  }

  /**
   * Connects to `url` (StoreOpenError when Redis does not answer in time). While Redis is away
   * later on, every write is refused within REDIS_COMMAND_TIMEOUT_MS (at once when the connection
   * is known to be down) and the client reconnects by itself; `log` hears when it is lost and back.
   */
  static async open(url: string, prefix: string, timeoutMs = 5000, log?: Logger): Promise<RedisStore> {
    const client = await connectRedis(url, timeoutMs, 'parley-store', 'store', log);
    const key = `${prefix}secret`;
    try {
      const secret = await sharedSecret(async (candidate) => {
        await client.set(key, candidate, 'NX');
        return (await client.get(key)) ?? '';
      }, `Redis key ${key}`);
      const store = new RedisStore(client, prefix, secret);
      await store.upgrade();
      return store;
    } catch (err) {
      client.disconnect();
      throw err;
    }
  }

  /**
   * Rewrites the participant ids of sessions stored before they were per session (the phones' own
   * ids) as each phone's id in its session, once, as SQLite's schema 3 does: one process does it
   * while the others starting at the same time wait. Processes of an older Parley must be stopped
   * first (docs/deploy.md): they would go on writing the phones' own ids.
   */
  private async upgrade(): Promise<void> {
    const layout = this.key('layout');
    const done = async (): Promise<boolean> => Number(await this.client.get(layout)) >= PER_SESSION_IDS;
    if (await done()) return;
    const lock = this.key('upgrading');
    if ((await this.client.set(lock, String(process.pid), 'PX', UPGRADE_MS, 'NX')) !== 'OK') {
      for (const deadline = Date.now() + UPGRADE_MS; !(await done()); ) {
        if (Date.now() > deadline)
          throw new StoreOpenError(`Another Parley process has not finished upgrading ${layout} within ${UPGRADE_MS / 1000} s.`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return;
    }
    try {
      for (const code of await this.client.zrange(this.key('sessions'), 0, -1)) await this.perSessionIds(code);
      await this.client.set(layout, String(PER_SESSION_IDS));
    } finally {
      await this.client.del(lock);
    }
  }

  /** One session's votes, entries and upvotes, their ids rewritten in one transaction. */
  private async perSessionIds(code: string): Promise<void> {
    const k = this.keys(code);
    const [votes, entries, upvotes] = results(await this.client.multi().hgetall(k.votes).hgetall(k.entries).hgetall(k.upvotes).exec()) as Record<
      string,
      string
    >[];
    const id = (phoneId: string): string => sessionParticipantId(this.secret, code, phoneId);
    /** A hash's fields (JSON arrays) with the participant id at `at` rewritten. */
    const fields = (hash: Record<string, string>, at: number): Record<string, string> =>
      Object.fromEntries(
        Object.entries(hash).map(([field, value]) => {
          const parts = JSON.parse(field) as unknown[];
          parts[at] = id(String(parts[at]));
          return [JSON.stringify(parts), value];
        }),
      );
    const batch = this.client.multi();
    if (Object.keys(votes!).length) batch.del(k.votes).hset(k.votes, fields(votes!, 2));
    if (Object.keys(upvotes!).length) batch.del(k.upvotes).hset(k.upvotes, fields(upvotes!, 1));
    for (const [entryId, json] of Object.entries(entries!)) {
      const entry = JSON.parse(json) as StoredEntry;
      batch.hset(k.entries, entryId, JSON.stringify({ ...entry, participantId: id(entry.participantId) }));
    }
    results(await batch.exec());
  }

  /**
   * Why acknowledged writes could be lost if Redis crashes, or null when it syncs its AOF on every
   * write (or when CONFIG is not allowed, as on some managed Redis: then nothing can be said).
   */
  async durabilityWarning(): Promise<string | null> {
    try {
      const [, appendonly] = (await this.client.config('GET', 'appendonly')) as string[];
      const [, appendfsync] = (await this.client.config('GET', 'appendfsync')) as string[];
      if (appendonly === 'yes' && appendfsync === 'always') return null;
      return (
        `Redis runs with appendonly ${appendonly}, appendfsync ${appendfsync}: acknowledged votes can be lost ` +
        'if Redis crashes. Set appendonly yes and appendfsync always.'
      );
    } catch {
      return null;
    }
  }

  createSession(s: SessionRecord): Promise<void> {
    const k = this.keys(s.code);
    return this.write(() =>
      this.script(
        'parleyCreateSession',
        [k.session, this.key('sessions'), this.key('seq')],
        [
          s.code,
          s.deckId,
          JSON.stringify(s.deck),
          s.createdAt,
          s.slide.h,
          s.slide.v,
          JSON.stringify(s.visited ?? []),
          s.followUpOf ?? '',
          s.selfPaced ? JSON.stringify(s.selfPaced) : '',
        ],
      ),
    );
  }

  async loadSession(code: string): Promise<StoredSession | null> {
    this.ensureOpen();
    const k = this.keys(code);
    // One MULTI: a consistent picture of the session even while other processes write to it.
    const [session, polls, votes, entries, statuses, order, upvotes] = results(
      await this.client
        .multi()
        .hgetall(k.session)
        .hgetall(k.polls)
        .hgetall(k.votes)
        .hgetall(k.entries)
        .hgetall(k.entryStatus)
        .hgetall(k.entryOrder)
        .hgetall(k.upvotes)
        .exec(),
    ) as Record<string, string>[];
    if (!session?.code) return null;
    const pollRecords = Object.entries(polls!).map(([pollId, json]): PollRecord => {
      const { view, ...stored } = JSON.parse(json) as StoredPoll;
      return { code, pollId, ...stored, ...storedView(view) };
    });
    const voteRecords = Object.entries(votes!).map(([field, json]): VoteRecord => {
      const [pollId, round, participantId] = JSON.parse(field) as [string, number, string];
      return { code, pollId, round, participantId, ...(JSON.parse(json) as StoredAnswer) };
    });
    const entryRecords = Object.entries(entries!)
      .map(([id, json]) => {
        const state = JSON.parse(statuses![id] ?? 'null') as StoredEntryStatus | null;
        const entry: EntryRecord = {
          code,
          ...(JSON.parse(json) as StoredEntry),
          // Written in the same script as the entry; were it ever missing, the entry waits for approval.
          status: state?.status ?? 'held',
          answeredAt: state?.answeredAt ?? null,
        };
        return { entry, seq: Number(order![id] ?? 0) };
      })
      .sort((a, b) => a.entry.createdAt - b.entry.createdAt || a.seq - b.seq)
      .map(({ entry }) => entry);
    const upvoteRecords = Object.entries(upvotes!).map(([field, json]): UpvoteRecord => {
      const [entryId, participantId] = JSON.parse(field) as [string, string];
      const { pollId, round } = JSON.parse(json) as { pollId: string; round: number };
      return { code, pollId, round, entryId, participantId };
    });
    // Which of every round's records count is the domain's to say.
    const records = shownRounds(pollRecords, { votes: voteRecords, entries: entryRecords, upvotes: upvoteRecords });
    return { session: toSession(session), polls: pollRecords, ...records };
  }

  async latestSession(deckId: string): Promise<SessionRecord | null> {
    this.ensureOpen();
    const live = (await this.allSessions()).filter((s) => s.deckId === deckId && !s.endedAt && !s.selfPaced);
    return live[0] ? toSession(live[0]) : null;
  }

  async listSessions(): Promise<SessionSummary[]> {
    this.ensureOpen();
    const sessions = await this.allSessions();
    const batch = this.client.multi();
    for (const s of sessions) {
      const k = this.keys(s.code!);
      batch.hgetall(k.polls).hkeys(k.votes).hvals(k.entries);
    }
    const replies = sessions.length ? results(await batch.exec()) : [];
    return sessions.map((s, i) => {
      const [polls, voteFields, entries] = replies.slice(i * 3, i * 3 + 3) as [Record<string, string>, string[], string[]];
      const rounds = Object.entries(polls).map(([pollId, json]) => ({ pollId, ...(JSON.parse(json) as StoredPoll) }));
      const votes = voteFields.map((field) => {
        const [pollId, round, participantId] = JSON.parse(field) as [string, number, string];
        return { pollId, round, participantId };
      });
      return {
        code: s.code!,
        deckId: s.deckId!,
        title: (JSON.parse(s.deck!) as Deck).meta.title,
        createdAt: Number(s.createdAt),
        endedAt: s.endedAt ? Number(s.endedAt) : null,
        ...participation(rounds, [...votes, ...entries.map((json) => JSON.parse(json) as StoredEntry)]),
        ...(s.followUpOf && { followUpOf: s.followUpOf }),
        ...(s.selfPaced && { selfPaced: JSON.parse(s.selfPaced) as SelfPacedWindow }),
      };
    });
  }

  endSession(code: string, endedAt: number): Promise<void> {
    return this.write(() => this.script('parleyEndSession', [this.keys(code).session], [endedAt]));
  }

  deleteSession(code: string): Promise<void> {
    const k = this.keys(code);
    return this.write(async () => {
      results(
        await this.client
          .multi()
          .del(...Object.values(k))
          .zrem(this.key('sessions'), code)
          .exec(),
      );
    });
  }

  saveSlide(code: string, slide: SlidePosition, visited: readonly string[]): Promise<void> {
    return this.write(() =>
      this.script('parleyUpdateSession', [this.keys(code).session], ['slideH', slide.h, 'slideV', slide.v, 'visited', JSON.stringify(visited)]),
    );
  }

  /** Stopped: an empty field (HSET has no null). */
  saveDiscussion(code: string, timer: DiscussionTimer | null): Promise<void> {
    return this.write(() => this.script('parleyUpdateSession', [this.keys(code).session], ['discussion', timer ? JSON.stringify(timer) : '']));
  }

  saveDeck(code: string, deck: Deck): Promise<void> {
    return this.write(() => this.script('parleyUpdateSession', [this.keys(code).session], ['deck', JSON.stringify(deck)]));
  }

  savePoll(p: PollRecord): Promise<void> {
    const k = this.keys(p.code);
    const poll: StoredPoll = {
      status: p.status,
      revealed: p.revealed,
      round: p.round,
      openedAt: p.openedAt,
      closedAt: p.closedAt,
      participantsAtClose: p.participantsAtClose,
      timer: p.timer ? { seconds: p.timer.seconds, endsAt: p.timer.endsAt } : null,
      kept: p.kept ?? [],
      ...(p.view && p.view !== 'normal' ? { view: p.view } : {}),
    };
    return this.write(() => this.script('parleySetField', [k.session, k.polls], [p.pollId, JSON.stringify(poll)]));
  }

  saveVote(v: VoteRecord): Promise<void> {
    const k = this.keys(v.code);
    const answer: StoredAnswer = { optionIds: v.optionIds, answeredAt: v.answeredAt, changes: v.changes };
    return this.write(() =>
      this.script(
        'parleySetAnswer',
        [k.session, k.votes],
        [JSON.stringify([v.pollId, v.round, v.participantId]), JSON.stringify(answer), String(v.answeredAt)],
      ),
    );
  }

  saveEntry(e: EntryRecord): Promise<void> {
    const k = this.keys(e.code);
    const entry: StoredEntry = {
      pollId: e.pollId,
      round: e.round,
      id: e.id,
      participantId: e.participantId,
      text: e.text,
      createdAt: e.createdAt,
    };
    const status: StoredEntryStatus = { status: e.status, answeredAt: e.answeredAt };
    return this.write(() =>
      this.script(
        'parleySaveEntry',
        [k.session, k.entries, k.entryStatus, k.entryOrder, this.key('seq')],
        [e.id, JSON.stringify(entry), JSON.stringify(status)],
      ),
    );
  }

  saveUpvote(u: UpvoteRecord, up: boolean): Promise<void> {
    const k = this.keys(u.code);
    const field = JSON.stringify([u.entryId, u.participantId]);
    return this.write(async () => {
      if (up) await this.script('parleyAddField', [k.session, k.upvotes], [field, JSON.stringify({ pollId: u.pollId, round: u.round })]);
      else await this.client.hdel(k.upvotes, field);
    });
  }

  saveLink(l: LinkRecord): Promise<void> {
    const k = this.keys(l.code);
    return this.write(() =>
      this.script('parleySetField', [k.session, k.links], [l.participantId, JSON.stringify({ step: l.step, linkedAt: l.linkedAt })]),
    );
  }

  async loadLinks(code: string): Promise<LinkRecord[]> {
    this.ensureOpen();
    const links = await this.client.hgetall(this.keys(code).links);
    return Object.entries(links)
      .map(([participantId, json]) => ({ code, participantId, ...(JSON.parse(json) as { step: string | null; linkedAt: number }) }))
      .sort((a, b) => a.linkedAt - b.linkedAt);
  }

  /** Proves Redis takes writes (GET /healthz): a token written like any vote, then read back. */
  async check(): Promise<void> {
    const token = `${Date.now()}-${this.healthToken++}`;
    await this.write(() => this.client.set(this.key('health'), token));
    if (this.closed) throw new StoreClosedError();
    if ((await this.client.get(this.key('health'))) !== token) throw new Error('The health check key did not read back as written.');
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Waits for the writes in progress (they resolve or fail as Redis answers), then disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    // QUIT is answered after every command sent before it.
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }

  private keys(code: string) {
    const base = this.key(`session:${code}`);
    return {
      session: base,
      polls: `${base}:polls`,
      votes: `${base}:votes`,
      entries: `${base}:entries`,
      entryStatus: `${base}:entry-status`,
      entryOrder: `${base}:entry-order`,
      upvotes: `${base}:upvotes`,
      links: `${base}:links`,
    };
  }

  /** Every session's fields, newest first (ties: the later created first, as SQLite's rowid). */
  private async allSessions(): Promise<Record<string, string>[]> {
    const codes = await this.client.zrange(this.key('sessions'), 0, -1);
    if (codes.length === 0) return [];
    const batch = this.client.multi();
    for (const code of codes) batch.hgetall(this.keys(code).session);
    return (results(await batch.exec()) as Record<string, string>[])
      .filter((s) => s.code)
      .sort((a, b) => Number(b.createdAt) - Number(a.createdAt) || Number(b.seq) - Number(a.seq));
  }

  private script(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    const command = (this.client as unknown as Record<ScriptName, (...a: (string | number)[]) => Promise<unknown>>)[name];
    return command.call(this.client, ...keys, ...args);
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private write(run: () => Promise<unknown>): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    const done = run().then(
      () => {
        this.stats.commits += 1;
        this.stats.writes += 1;
      },
      (err: unknown) => {
        this.stats.failedWrites += 1;
        throw unanswered(err, this.client);
      },
    );
    this.pending.add(done);
    const forget = (): void => {
      this.pending.delete(done);
    };
    done.then(forget, forget);
    return done;
  }
}

/** The replies of a MULTI/EXEC, or the first error among them. */
function results(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('Redis discarded the transaction.');
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

function toSession(h: Record<string, string>): SessionRecord {
  return {
    code: h.code!,
    deckId: h.deckId!,
    deck: JSON.parse(h.deck!) as Deck,
    createdAt: Number(h.createdAt),
    endedAt: h.endedAt ? Number(h.endedAt) : null,
    slide: { h: Number(h.slideH), v: Number(h.slideV) },
    discussion: h.discussion ? (JSON.parse(h.discussion) as DiscussionTimer) : null,
    visited: h.visited ? (JSON.parse(h.visited) as string[]) : [],
    ...(h.followUpOf && { followUpOf: h.followUpOf }),
    ...(h.selfPaced && { selfPaced: JSON.parse(h.selfPaced) as SelfPacedWindow }),
  };
}
