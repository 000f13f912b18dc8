// Two Parley processes' copies of one session, side by side in one test: each `Sessions` stores
// in the same SQLite file and publishes what it stored to the other (as the Redis adapter carries
// it between processes). The copies must agree after every kind of change; a copy that missed
// changes catches up by reloading from the store.
import { describe, expect, it } from 'vitest';
import type { Change, Peers } from '../../server/cluster/peers.js';
import type { Session } from '../../server/session/session.js';
import { Sessions } from '../../server/sessions.js';
import type { SqliteStore } from '../../server/store/sqlite.js';
import { BRANCHING_DECK, deckFrom, OPEN_DECK, WORKSHOP_DECK } from '../helpers/decks.js';
import { tempSqliteStore } from '../helpers/store.js';

/** Forwards what one process publishes to the other's copy, unless told to drop it. */
class Link implements Peers {
  other: Sessions | undefined;
  dropping = false;
  claimed = new Set<string>();
  publish(change: Change): Promise<void> {
    if (!this.dropping) this.other?.mirror(change);
    return Promise.resolve();
  }
  claim(key: string): Promise<boolean> {
    const first = !this.claimed.has(key);
    this.claimed.add(key);
    return Promise.resolve(first);
  }
}

function twoProcesses(): { a: Sessions; b: Sessions; toB: Link; store: SqliteStore } {
  const store = tempSqliteStore();
  const decks = new Map([deckFrom(WORKSHOP_DECK), deckFrom(OPEN_DECK, 'open.md'), deckFrom(BRANCHING_DECK, 'branching.md')].map((d) => [d.id, d]));
  const toB = new Link();
  const toA = new Link();
  const a = new Sessions(store, decks, { peers: toB });
  const b = new Sessions(store, decks, { peers: toA });
  toB.other = b;
  toA.other = a;
  return { a, b, toB, store };
}

/** What a presenter of the session would see, minus the join link. */
const view = (session: Session): unknown => session.presenterState('');

describe('copies of a session on two processes', () => {
  it('agree on votes, changed votes, poll states and rounds, the slide and the end', async () => {
    const { a, b } = twoProcesses();
    const onA = await a.create('workshop');
    const onB = (await b.get(onA.code))!;
    await a.control(onA, 'branch-a', 'open');
    await b.vote(onB, 'participant-1', 'branch-a', ['talk']);
    await a.vote(onA, 'participant-2', 'branch-a', ['wait']);
    await b.vote(onB, 'participant-2', 'branch-a', ['escalate']); // the same phone, now on B
    expect(onA.poll('branch-a').tally().counts).toEqual({ talk: 1, wait: 0, escalate: 1 });
    expect(onA.poll('branch-a').answerOf('participant-2')?.changes).toBe(1);
    await b.goto(onB, { h: 1, v: 1 });
    await b.control(onB, 'branch-a', 'reveal');
    expect(view(onA)).toEqual(view(onB));
    expect(onA.audienceState()).toEqual(onB.audienceState());

    // A new round on A empties the poll on B too; B's next vote counts in the new round on A.
    await a.control(onA, 'branch-a', 'reset');
    expect(onB.poll('branch-a').tally().respondents).toBe(0);
    await b.vote(onB, 'participant-3', 'branch-a', ['talk']);
    expect(onA.poll('branch-a').tally()).toEqual({ pollId: 'branch-a', counts: { talk: 1, wait: 0, escalate: 0 }, respondents: 1 });

    // The chart view presenters share: chosen on B, shown by A's presenter windows; back on A.
    await b.control(onB, 'branch-a', 'again');
    await b.setView(onB, 'branch-a', 'movement');
    expect(onA.poll('branch-a').view).toBe('movement');
    expect(view(onA)).toEqual(view(onB));
    await a.setView(onA, 'branch-a', 'normal');
    expect(onB.poll('branch-a').view).toBe('normal');

    await b.end(onB);
    expect(onA.endedAt).toBe(onB.endedAt);
    expect(onA.poll('branch-a').status).toBe('closed');
    expect(view(onA)).toEqual(view(onB));
  });

  it('agree on the branch slides visited, and a copy that missed them reads them back from the store', async () => {
    const { a, b, toB } = twoProcesses();
    const onA = await a.create('branching');
    const onB = (await b.get(onA.code))!;
    await a.goto(onA, { h: 3, v: 0 }); // "Waiting it out" {#wait}
    await b.goto(onB, { h: 2, v: 0 }); // {#talk}
    expect(onA.visited).toEqual(['wait', 'talk']);
    expect(view(onA)).toEqual(view(onB));

    toB.dropping = true;
    await a.goto(onA, { h: 4, v: 0 }); // {#escalate}: B does not hear of it
    expect(onB.visited).toEqual(['wait', 'talk']);
    toB.dropping = false;
    expect(await b.reloadAll()).toEqual([onB]);
    expect(onB.visited).toEqual(['wait', 'talk', 'escalate']);
    expect(view(onB)).toEqual(view(onA));
  });

  it('agree on text answers, Q&A questions, upvotes and moderation', async () => {
    const { a, b } = twoProcesses();
    const onA = await a.create('open');
    const onB = (await b.get(onA.code))!;
    await a.control(onA, 'questions', 'open');
    const { entry } = await a.submit(onA, 'participant-1', 'questions', 'How often should we meet?');
    await b.upvote(onB, 'participant-2', 'questions', entry.id, true);
    await b.moderate(onB, 'questions', entry.id, 'answered');
    expect(onA.poll('questions').board!.all()).toEqual([expect.objectContaining({ id: entry.id, votes: 1, answered: true })]);
    // B's copy knows participant-1 already sent that question, so the same phone on B cannot repeat it.
    await expect(b.submit(onB, 'participant-1', 'questions', 'How often should we meet?')).rejects.toThrow(/already sent/);
    await a.upvote(onA, 'participant-2', 'questions', entry.id, false);
    expect(onB.poll('questions').board!.all()[0]?.votes).toBe(0);
    expect(view(onA)).toEqual(view(onB));
  });

  it('count participants on every process, and forget a deleted session everywhere', async () => {
    const { a, b } = twoProcesses();
    const onA = await a.create('workshop');
    const onB = (await b.get(onA.code))!;
    onA.connect('participant-1');
    onB.connect('participant-2');
    onB.connect('participant-3');
    a.peerParticipants('process-b', b.localParticipants());
    expect(onA.participants).toBe(3);
    // Process B went silent or left: its phones stop counting.
    expect(a.peerParticipants('process-b', {})).toEqual([onA]);
    expect(onA.participants).toBe(1);

    await b.delete(onB.code);
    expect(await a.get(onA.code)).toBeNull();
  });

  it('apply a change that arrives while the copy is still loading the session, once it is loaded', async () => {
    const { a, b } = twoProcesses();
    const onA = await a.create('workshop');
    const loading = b.get(onA.code);
    // Published by A (stored there) while B reads the session from the store.
    b.mirror({ kind: 'slide', code: onA.code, slide: { h: 1, v: 0 }, visited: [] });
    const onB = (await loading)!;
    expect(onB.audienceState().slide.position).toEqual({ h: 1, v: 0 });
  });

  it('store a phone’s answer sent again on another process, even when that copy has not yet heard of a later one', async () => {
    const { a, b, toB, store } = twoProcesses();
    const onA = await a.create('workshop');
    const onB = (await b.get(onA.code))!;
    await a.control(onA, 'branch-a', 'open');
    await a.vote(onA, 'participant-1', 'branch-a', ['escalate']);
    // A stores the phone's next answer and dies before publishing it: B still has the first one.
    toB.dropping = true;
    await a.vote(onA, 'participant-1', 'branch-a', ['talk']);
    expect(onB.poll('branch-a').answerOf('participant-1')?.optionIds).toEqual(['escalate']);
    // The phone reconnects to B and answers "escalate" again: acknowledged means stored.
    const answer = await b.vote(onB, 'participant-1', 'branch-a', ['escalate']);
    expect(answer.optionIds).toEqual(['escalate']);
    expect((await store.loadSession(onB.code))!.votes.map((v) => v.optionIds)).toEqual([['escalate']]);
  });

  it('catch up from the store after missing changes', async () => {
    const { a, b, toB } = twoProcesses();
    const onA = await a.create('workshop');
    const onB = (await b.get(onA.code))!;
    await a.control(onA, 'branch-a', 'open');
    toB.dropping = true; // e.g. Redis restarted while A published
    await a.vote(onA, 'participant-1', 'branch-a', ['talk']);
    await a.goto(onA, { h: 1, v: 2 });
    await a.control(onA, 'topics', 'open');
    expect(onB.poll('branch-a').tally().respondents).toBe(0);
    toB.dropping = false;

    expect(await b.reloadAll()).toEqual([onB]);
    expect(view(onB)).toEqual(view(onA));
    // Copies reloaded keep taking changes.
    await a.vote(onA, 'participant-2', 'topics', ['goals', 'time']);
    expect(onB.poll('topics').tally().counts).toEqual({ goals: 1, rules: 0, time: 1 });
  });
});
