// No acknowledged vote is lost when the server process dies: the real server in a child process,
// 200 participants voting in a burst (each changing their answer several times), SIGKILL in the
// middle of it, a restart on the same DATA_DIR, and every acknowledged vote checked in the
// database and in the tallies the presenter gets.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AckResult, MyAnswer, PresenterState } from '../../server/protocol.js';
import { sessionParticipantId } from '../../server/privacy/pseudonym.js';
import { fileSecret } from '../../server/privacy/secret.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { ok, PRESENTER_KEY, request, tempDataDir, type TestSocket } from '../helpers/server.js';
import { clientOf, startParley } from '../helpers/parley-process.js';

const PARTICIPANTS = 200;
/** Votes each participant sends, one after the other's acknowledgement (within the per-participant burst of 20). */
const VOTES_EACH = 16;
/** SIGKILL once this many votes were acknowledged: about a third of the burst. */
const KILL_AFTER_ACKS = 1000;

/** What each participant votes, in turn: a single-choice poll and a multi-choice one, every vote a change. */
const POLLS = {
  'branch-a': [['talk'], ['wait'], ['escalate']],
  topics: [['goals'], ['rules', 'time'], ['goals', 'rules'], ['time']],
} as const satisfies Record<string, string[][]>;
type PollId = keyof typeof POLLS;

interface Vote {
  pollId: PollId;
  optionIds: string[];
}

/** One participant's record, per poll: the last acknowledged answer, and a later one sent but never acknowledged. */
interface Record_ {
  acked?: string[];
  unacked?: string[];
}

const key = (optionIds: readonly string[]): string => JSON.stringify([...optionIds].sort());

function emitVote(socket: TestSocket, vote: Vote): Promise<AckResult<MyAnswer> | null> {
  // Resolves with the acknowledgement, or null if the connection ends first.
  return new Promise((resolve) => {
    const gone = (): void => resolve(null);
    socket.once('disconnect', gone);
    socket.emit('audience:vote', vote, (result) => {
      socket.off('disconnect', gone);
      resolve(result);
    });
  });
}

describe('a crash', () => {
  it('loses no acknowledged vote: SIGKILL mid-burst, restart, every acknowledged vote is stored and counted', async () => {
    const dataDir = tempDataDir();
    const first = await startParley(dataDir);
    const { code } = first;

    const presenter = await clientOf(first.url);
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    for (const pollId of Object.keys(POLLS)) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));

    const ids = Array.from({ length: PARTICIPANTS }, (_, i) => `crash-participant-${String(i).padStart(3, '0')}`);
    const phones = await Promise.all(
      ids.map(async (participantId) => {
        const socket = await clientOf(first.url);
        ok(await request(socket, 'audience:join', { code, participantId }));
        return socket;
      }),
    );

    const records = new Map<string, Record_>(); // `${participantId}/${pollId}`
    const record = (participantId: string, pollId: string): Record_ => {
      const k = `${participantId}/${pollId}`;
      let r = records.get(k);
      if (!r) {
        r = {};
        records.set(k, r);
      }
      return r;
    };
    let sent = 0;
    let acked = 0;
    let refused = 0;
    let inFlightAtKill = -1;
    let killed = false;
    let killedAt!: () => void;
    const killTime = new Promise<void>((resolve) => (killedAt = resolve));

    const voter = async (socket: TestSocket, participantId: string, n: number): Promise<void> => {
      for (let i = 0; i < VOTES_EACH && !killed; i++) {
        // Participants alternate polls and walk through the answers, from different starting points.
        const pollId: PollId = (i + n) % 2 === 0 ? 'branch-a' : 'topics';
        const answers = POLLS[pollId];
        const optionIds = [...answers[(Math.floor(i / 2) + n) % answers.length]!];
        const r = record(participantId, pollId);
        r.unacked = optionIds;
        sent += 1;
        const result = await emitVote(socket, { pollId, optionIds });
        if (result === null) return; // the server died before answering: unacknowledged
        if (!result.ok) {
          refused += 1;
          r.unacked = undefined; // refused: nothing was changed
          continue;
        }
        // The server's answer says what it stored (options in its own order).
        r.acked = result.data.optionIds;
        r.unacked = undefined;
        acked += 1;
        if (acked === KILL_AFTER_ACKS) killedAt();
      }
    };
    const voting = Promise.all(phones.map((socket, n) => voter(socket, ids[n]!, n)));

    await killTime;
    first.signal('SIGKILL');
    killed = true;
    inFlightAtKill = [...records.values()].filter((r) => r.unacked).length;
    expect((await first.exited).signal).toBe('SIGKILL');
    // Acknowledgements already on their way are read until each connection closes.
    await voting;

    // Restart on the same data directory: the session carries on.
    const second = await startParley(dataDir);
    expect(second.code).toBe(code);
    expect(second.output()).toContain('(resumed)');

    // What the database holds (read-only, next to the running server).
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    const rows = db.prepare('SELECT poll_id, participant_id, option_ids FROM votes WHERE session_code = ? AND round = 1').all(code) as {
      poll_id: string;
      participant_id: string;
      option_ids: string;
    }[];
    db.close();
    // Stored under each phone's id in this session: read back as the id the phone joined with.
    const secret = fileSecret(dataDir);
    const phoneOf = new Map(ids.map((id) => [sessionParticipantId(secret, code, id), id]));
    const stored = new Map(rows.map((r) => [`${phoneOf.get(r.participant_id)}/${r.poll_id}`, JSON.parse(r.option_ids) as string[]]));

    let ackedAnswers = 0;
    let found = 0;
    let replacedByUnacked = 0;
    let unackedStored = 0;
    const lost: string[] = [];
    for (const [k, r] of records) {
      const inDb = stored.get(k);
      if (r.acked) {
        ackedAnswers += 1;
        if (inDb && key(inDb) === key(r.acked)) found += 1;
        // A later vote, sent but never acknowledged, may have been stored instead.
        else if (inDb && r.unacked && key(inDb) === key(r.unacked)) replacedByUnacked += 1;
        else lost.push(`${k}: acknowledged ${key(r.acked)}, stored ${inDb ? key(inDb) : 'nothing'}`);
      } else if (r.unacked) {
        // Never acknowledged: either answer (or none) is fine.
        if (inDb) expect(key(inDb)).toBe(key(r.unacked));
      } else {
        expect(inDb).toBeUndefined();
      }
      if (r.unacked && inDb && key(inDb) === key(r.unacked)) unackedStored += 1;
    }
    // Nothing stored that nobody sent.
    for (const k of stored.keys()) expect(records.has(k)).toBe(true);

    console.log(
      `crash test: ${PARTICIPANTS} participants, ${sent} votes sent, ${acked} acknowledged (${refused} refused), ` +
        `SIGKILL with ${inFlightAtKill} in flight; after restart ${found + replacedByUnacked}/${ackedAnswers} ` +
        `acknowledged answers found (${found} as acknowledged, ${replacedByUnacked} replaced by a later unacknowledged vote), ` +
        `${unackedStored} unacknowledged votes stored too, ${lost.length} lost`,
    );
    expect(lost).toEqual([]);
    expect(refused).toBe(0);
    // The kill came mid-burst: votes were still being sent and answered.
    expect(acked).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(sent).toBeLessThan(PARTICIPANTS * VOTES_EACH);

    // The tallies the presenter gets after the restart are the stored votes.
    const presenter2 = await clientOf(second.url);
    const state = ok(await request(presenter2, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })) as PresenterState;
    for (const pollId of Object.keys(POLLS)) {
      const votes = rows.filter((r) => r.poll_id === pollId);
      const counts: Record<string, number> = {};
      for (const option of new Set(Object.values(POLLS[pollId as PollId]).flat())) counts[option] = 0;
      for (const v of votes) for (const option of JSON.parse(v.option_ids) as string[]) counts[option]! += 1;
      const tally = state.polls.find((p) => p.id === pollId)!.tally;
      expect(tally.respondents).toBe(votes.length);
      expect(tally.counts).toEqual(counts);
    }
  }, 90_000);
});
