// The poll state machine: closed → open → closed (re-openable), reveal/hide, reset, vote again
// (rounds kept side by side), one answer per participant, changeable while open; a timer that
// records when an open poll should close.
import { describe, expect, it } from 'vitest';
import type { SinglePoll, TextPoll } from '../../server/deck/types.js';
import type { Answer } from '../../server/session/choices.js';
import type { ChartView } from '../../server/protocol.js';
import { ProtocolFailure } from '../../server/session/failure.js';
import { PollState } from '../../server/session/poll.js';
import { act, setTimer, vote } from '../helpers/domain.js';
import { EARLIER, ROUND_1, ROUND_2, ROUND_COUNTS } from '../helpers/rounds.js';

function poll(overrides: Partial<Omit<SinglePoll, 'type'>> = {}): SinglePoll {
  return {
    id: 'respond',
    type: 'single',
    question: 'How should you respond?',
    options: [
      { id: 'talk', label: 'Talk' },
      { id: 'wait', label: 'Wait' },
      { id: 'leave', label: 'Leave' },
    ],
    slide: { h: 2, v: 0 },
    line: 10,
    ...overrides,
  };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtocolFailure) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('PollState', () => {
  it('starts closed, hidden, in round 1 with every option at zero', () => {
    const state = new PollState(poll());
    expect(state.presenterState(0)).toEqual({
      id: 'respond',
      status: 'closed',
      revealed: false,
      round: 1,
      rounds: 1,
      tally: { pollId: 'respond', counts: { talk: 0, wait: 0, leave: 0 }, respondents: 0 },
      view: 'normal',
    });
  });

  it('opens, closes and re-opens, recording when, and reports actions that change nothing', () => {
    const state = new PollState(poll());
    expect(act(state, 'open', 1000)).toBe(true);
    expect(act(state, 'open', 1500)).toBe(false);
    expect(state.snapshot()).toMatchObject({ status: 'open', openedAt: 1000, closedAt: null });
    expect(act(state, 'close', 2000)).toBe(true);
    expect(act(state, 'close', 2500)).toBe(false);
    expect(state.snapshot()).toMatchObject({ status: 'closed', openedAt: 1000, closedAt: 2000 });
    expect(act(state, 'open', 3000)).toBe(true);
    expect(state.snapshot()).toMatchObject({ status: 'open', openedAt: 3000, closedAt: null });
  });

  it('refuses votes unless open', () => {
    const state = new PollState(poll());
    expect(refusal(() => vote(state, 'p1', ['talk'], 1))).toBe('poll_closed');
    act(state, 'open', 1);
    act(state, 'close', 2);
    expect(refusal(() => vote(state, 'p1', ['talk'], 3))).toBe('poll_closed');
    expect(state.tally().respondents).toBe(0);
  });

  it('keeps one answer per participant: the latest counts and changes are counted', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    vote(state, 'p1', ['talk'], 10);
    vote(state, 'p2', ['talk'], 11);
    const changed = vote(state, 'p1', ['wait'], 12);
    expect(changed).toEqual({ answer: { optionIds: ['wait'], answeredAt: 12, changes: 1 }, changed: true });
    expect(state.tally()).toEqual({ pollId: 'respond', counts: { talk: 1, wait: 1, leave: 0 }, respondents: 2 });
  });

  it('keeps the newer of two stored answers, whichever arrives last (as the stores do)', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    expect(state.adoptAnswer(1, 'p1', { optionIds: ['wait'], answeredAt: 20, changes: 1 })).toBe(true);
    // Given earlier, applied later (a process that died with it in flight): it does not undo the newer one.
    expect(state.adoptAnswer(1, 'p1', { optionIds: ['talk'], answeredAt: 15, changes: 1 })).toBe(false);
    expect(state.answerOf('p1')?.optionIds).toEqual(['wait']);
    expect(state.tally().counts).toEqual({ talk: 0, wait: 1, leave: 0 });
  });

  it('treats re-sending the same answer as no change', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    vote(state, 'p1', ['talk'], 10);
    expect(vote(state, 'p1', ['talk'], 20)).toEqual({
      answer: { optionIds: ['talk'], answeredAt: 10, changes: 0 },
      changed: false,
    });
  });

  it('validates the choice for its poll type', () => {
    const single = new PollState(poll());
    act(single, 'open', 0);
    expect(refusal(() => vote(single, 'p', ['talk', 'wait'], 1))).toBe('invalid_vote');
    expect(refusal(() => vote(single, 'p', [], 1))).toBe('invalid_vote');
    expect(refusal(() => vote(single, 'p', ['nope'], 1))).toBe('invalid_vote');

    const multi = new PollState({ ...poll(), type: 'multi', limit: 2 });
    act(multi, 'open', 0);
    expect(refusal(() => vote(multi, 'p', ['talk', 'talk'], 1))).toBe('invalid_vote');
    expect(refusal(() => vote(multi, 'p', ['talk', 'wait', 'leave'], 1))).toBe('invalid_vote');
    expect(refusal(() => vote(multi, 'p', ['talk', 'leave'], 1))).toBe('accepted');
    expect(multi.tally().counts).toEqual({ talk: 1, wait: 0, leave: 1 });
  });

  it('reveals and hides without touching the answers', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    vote(state, 'p1', ['leave'], 1);
    expect(act(state, 'reveal', 2)).toBe(true);
    expect(act(state, 'reveal', 3)).toBe(false);
    expect(state.revealed).toBe(true);
    expect(act(state, 'hide', 4)).toBe(true);
    expect(state.revealed).toBe(false);
    expect(state.tally().counts.leave).toBe(1);
  });

  it('resets to a new, hidden round with no answers and keeps its open/closed status', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    vote(state, 'p1', ['talk'], 1);
    act(state, 'reveal', 2);
    act(state, 'reset', 3);
    expect(state.presenterState(0)).toMatchObject({
      status: 'open',
      revealed: false,
      round: 2,
      tally: { counts: { talk: 0, wait: 0, leave: 0 }, respondents: 0 },
    });
    expect(state.answerOf('p1')).toBeUndefined();
    expect(vote(state, 'p1', ['talk'], 4).answer.changes).toBe(0);
  });

  it('restores from storage, ignoring answers that name options the poll no longer has', () => {
    const restored = PollState.restore(
      poll(),
      { status: 'open', revealed: true, round: 3, openedAt: 5, closedAt: null, participantsAtClose: null },
      (round) =>
        round === 3
          ? {
              answers: [
                ['p1', { optionIds: ['wait'], answeredAt: 6, changes: 2 }],
                ['p2', { optionIds: ['gone'], answeredAt: 7, changes: 0 }],
              ],
            }
          : {},
    );
    expect(restored.presenterState(0)).toEqual({
      id: 'respond',
      status: 'open',
      revealed: true,
      round: 3,
      rounds: 1,
      tally: { pollId: 'respond', counts: { talk: 0, wait: 1, leave: 0 }, respondents: 1 },
      view: 'normal',
    });
    expect(vote(restored, 'p1', ['talk'], 8).answer.changes).toBe(3);
  });
});

describe('a poll timer', () => {
  it('starts when a poll with a deck timer opens, and counts down from the time it is given', () => {
    const state = new PollState(poll({ timer: 30 }));
    act(state, 'open', 10_000);
    expect(state.timer).toEqual({ seconds: 30, endsAt: 40_000 });
    expect(state.presenterState(12_500).timer).toEqual({ seconds: 30, remainingMs: 27_500 });
    expect(state.timerExpired(39_999)).toBe(false);
    expect(state.timerExpired(40_000)).toBe(true);
    // Past the deadline (the wake-up is late): nothing negative is ever sent.
    expect(state.timerView(41_000)).toEqual({ seconds: 30, remainingMs: 0 });
  });

  it('does not start for a poll without a deck timer, and is absent from the states then', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    expect(state.timer).toBeNull();
    expect(state.presenterState(1).timer).toBeUndefined();
    expect(state.timerExpired(Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('is started, restarted and stopped on an open poll, and refused on a closed one', () => {
    const state = new PollState(poll());
    expect(refusal(() => setTimer(state, 10, 0))).toBe('poll_closed');
    expect(refusal(() => setTimer(state, null, 0))).toBe('poll_closed');
    act(state, 'open', 0);
    expect(setTimer(state, 10, 1000)).toBe(true);
    expect(state.timer).toEqual({ seconds: 10, endsAt: 11_000 });
    // Restarting counts from now, whatever was left.
    expect(setTimer(state, 10, 5000)).toBe(true);
    expect(state.timer).toEqual({ seconds: 10, endsAt: 15_000 });
    expect(setTimer(state, null, 6000)).toBe(true);
    expect(state.timer).toBeNull();
    expect(state.status).toBe('open');
    // Stopping what is not running changes nothing.
    expect(setTimer(state, null, 7000)).toBe(false);
  });

  it('refuses lengths outside 5–3600 whole seconds, whoever calls', () => {
    const state = new PollState(poll());
    act(state, 'open', 0);
    for (const seconds of [4, 3601, 7.5, Number.NaN]) expect(refusal(() => setTimer(state, seconds, 0))).toBe('bad_request');
    expect(state.timer).toBeNull();
    expect(setTimer(state, 5, 0)).toBe(true);
    expect(setTimer(state, 3600, 0)).toBe(true);
  });

  it('stops when the poll closes or is reset, and a re-opened poll starts the deck timer afresh', () => {
    const state = new PollState(poll({ timer: 20 }));
    act(state, 'open', 0);
    act(state, 'close', 5000);
    expect(state.timer).toBeNull();
    expect(state.snapshot().timer).toBeNull();
    act(state, 'open', 8000);
    expect(state.timer).toEqual({ seconds: 20, endsAt: 28_000 });
    act(state, 'reset', 9000);
    expect(state.timer).toBeNull();
    expect(state.status).toBe('open');
  });

  it('is stored with the poll and restored with it, unless it belongs to an earlier opening', () => {
    const state = new PollState(poll({ timer: 30 }));
    act(state, 'open', 1000);
    const restored = PollState.restore(poll({ timer: 30 }), state.snapshot());
    expect(restored.timer).toEqual({ seconds: 30, endsAt: 31_000 });
    // A version without timers closed and re-opened the poll since: its old deadline is not this opening's.
    const reopened = PollState.restore(poll(), { ...state.snapshot(), openedAt: 20_000 });
    expect(reopened.timer).toBeNull();
    const closed = PollState.restore(poll(), { ...state.snapshot(), status: 'closed', closedAt: 2000 });
    expect(closed.timer).toBeNull();
    // Records from before timers have none.
    const { timer: _timer, ...old } = state.snapshot();
    expect(PollState.restore(poll(), old).timer).toBeNull();
  });
});

describe('what each presenter view sees (blind until revealed)', () => {
  it('gives a projector how many answered and nothing of what, until revealed; the console everything', () => {
    const state = new PollState(poll());
    act(state, 'open', 1000);
    vote(state, 'participant-a', ['talk'], 1100);
    vote(state, 'participant-b', ['wait'], 1200);
    const full = { pollId: 'respond', counts: { talk: 1, wait: 1, leave: 0 }, respondents: 2 };
    expect(state.resultsShown).toBe(false);
    expect(state.tallyFor('console')).toEqual(full);
    expect(state.tallyFor('projector')).toEqual({ pollId: 'respond', counts: {}, respondents: 2, blind: true });
    expect(state.presenterState(1300, 'projector').tally).toEqual({ pollId: 'respond', counts: {}, respondents: 2, blind: true });
    expect(state.presenterState(1300).tally).toEqual(full);

    act(state, 'reveal', 1400);
    expect(state.resultsShown).toBe(true);
    expect(state.tallyFor('projector')).toEqual(full);
    act(state, 'hide', 1500);
    expect(state.tallyFor('projector')).toMatchObject({ counts: {}, blind: true });
  });

  it('shows a results: live poll to the projector from the start', () => {
    const state = new PollState(poll({ liveResults: true }));
    act(state, 'open', 1000);
    vote(state, 'participant-a', ['leave'], 1100);
    expect(state.resultsShown).toBe(true);
    expect(state.tallyFor('projector')).toEqual({ pollId: 'respond', counts: { talk: 0, wait: 0, leave: 1 }, respondents: 1 });
  });
});

describe('vote again (rounds kept and shown side by side)', () => {
  /** Round 1: six answers; round 2: five of them again (two changed) and one newcomer (helpers/rounds.ts). */
  function twoRounds(): PollState {
    const state = new PollState(poll());
    act(state, 'open', 1000);
    for (const [who, choice] of Object.entries(ROUND_1)) vote(state, who, [choice], 1100);
    act(state, 'reveal', 1200);
    act(state, 'again', 2000);
    for (const [who, choice] of Object.entries(ROUND_2)) vote(state, who, [choice], 2100);
    return state;
  }

  it('closes and keeps round 1, opens round 2 blind with no answers, and says how many rounds are shown', () => {
    const state = new PollState(poll({ timer: 30 }));
    act(state, 'open', 1000);
    vote(state, 'ana', ['talk'], 1100);
    act(state, 'reveal', 1200);
    expect(act(state, 'again', 2000)).toBe(true);
    expect(state.snapshot()).toMatchObject({ status: 'open', revealed: false, round: 2, kept: [1], openedAt: 2000, closedAt: 2000 });
    expect(state.timer).toEqual({ seconds: 30, endsAt: 32_000 });
    expect(state.rounds).toBe(2);
    expect(state.answerOf('ana')).toBeUndefined();
    expect(state.earlierAnswer('ana')).toEqual({ pollId: 'respond', round: 1, optionIds: ['talk'] });
    expect(state.earlierAnswer('ben')).toBeUndefined();
    // On a closed poll too: the round stays closed as it was and the new one opens.
    act(state, 'close', 3000);
    act(state, 'again', 4000);
    expect(state.snapshot()).toMatchObject({ status: 'open', round: 3, kept: [1, 2], closedAt: 3000 });
  });

  it('counts each round on its own and says who changed, and who went where between the last two', () => {
    const tally = twoRounds().tally();
    expect(tally.counts).toEqual(ROUND_COUNTS);
    expect(tally.respondents).toBe(6);
    expect(tally.earlier).toEqual(EARLIER);
  });

  it('keeps earlier rounds from the projector until the results are shown, like the counts', () => {
    const state = twoRounds();
    expect(state.tallyFor('projector')).toEqual({ pollId: 'respond', counts: {}, respondents: 6, blind: true });
    expect(state.tallyFor('console').earlier?.changed).toBe(2);
    act(state, 'reveal', 3000);
    expect(state.tallyFor('projector').earlier?.answeredBoth).toBe(5);
  });

  it('lets a reset erase only the current round: the kept round stays shown, the reset one never is', () => {
    const state = twoRounds();
    act(state, 'reset', 3000);
    expect(state.snapshot()).toMatchObject({ round: 3, kept: [1] });
    expect(state.rounds).toBe(2);
    vote(state, 'ana', ['leave'], 3100);
    expect(state.tally().earlier).toMatchObject({ rounds: [{ respondents: 6 }], answeredBoth: 1, changed: 1 });
  });

  it('is rebuilt from storage and from another process’s stored state with every shown round', () => {
    const state = twoRounds();
    const answer = (optionIds: string[], answeredAt: number): [string, Answer][] => [['ana', { optionIds, answeredAt, changes: 0 }]];
    const stored = new Map([
      [1, { answers: answer(['talk'], 1) }],
      [2, { answers: answer(['wait'], 2) }],
    ]);
    const restored = PollState.restore(poll(), state.snapshot(), (round) => stored.get(round) ?? {});
    expect(restored.tally()).toMatchObject({ counts: { talk: 0, wait: 1, leave: 0 }, earlier: { answeredBoth: 1, changed: 1 } });
    // Another process voted again: this copy keeps its round 1 answers as the kept round.
    const copy = new PollState(poll());
    act(copy, 'open', 1000);
    vote(copy, 'ana', ['talk'], 1100);
    const next = copy.next('again', 2000)!;
    expect(copy.adopt(next)).toBe(true);
    expect(copy.tally().earlier?.rounds).toEqual([{ counts: { talk: 1, wait: 0, leave: 0 }, respondents: 1 }]);
    // A late write of round 1 still lands in round 1.
    expect(copy.adoptAnswer(1, 'ben', { optionIds: ['wait'], answeredAt: 1200, changes: 0 })).toBe(true);
    expect(copy.tally().earlier?.rounds[0]?.respondents).toBe(2);
    expect(copy.tally().respondents).toBe(0);
  });

  it('works as a new round on a text poll', () => {
    const words: TextPoll = {
      id: 'words',
      type: 'text',
      question: 'One word?',
      options: [],
      text: { length: 50, answers: 1 },
      slide: { h: 1, v: 0 },
      line: 3,
    };
    const state = new PollState(words);
    act(state, 'open', 1000);
    state.adoptEntry(1, { id: 'e1', participantId: 'ana', text: 'trust', createdAt: 1100, status: 'shown', answeredAt: null });
    act(state, 'again', 2000);
    expect(state.snapshot()).toMatchObject({ status: 'open', round: 2, kept: [1] });
    expect(state.board?.all()).toEqual([]);
    expect(state.tally().earlier?.rounds).toEqual([expect.objectContaining({ respondents: 1, entries: 1 })]);
  });
});

describe('the chart view presenters share (movement, split by role)', () => {
  const splitter = { roles: ['resident', 'fellow'], floor: 5, roleOf: () => undefined };

  /** Switches the chart to `view` as the server does (decide, then adopt); false: it showed that already. */
  function show(state: PollState, view: ChartView): boolean {
    const next = state.nextView(view);
    if (next) state.adopt(next);
    return next !== null;
  }

  /** Two rounds, revealed, in a deck with roles. */
  function revealedTwice(): PollState {
    const state = new PollState(poll());
    state.split = splitter;
    act(state, 'open', 1000);
    vote(state, 'ana', ['talk'], 1100);
    act(state, 'again', 2000);
    vote(state, 'ana', ['wait'], 2100);
    act(state, 'reveal', 2200);
    return state;
  }

  it('is switched to the movement view, the split or back, and kept in the stored state', () => {
    const state = revealedTwice();
    expect(state.presenterState(0).view).toBe('normal');
    expect(state.snapshot()).not.toHaveProperty('view');
    expect(show(state, 'movement')).toBe(true);
    expect(show(state, 'movement')).toBe(false);
    expect(state.presenterState(0, 'projector').view).toBe('movement');
    expect(state.snapshot().view).toBe('movement');
    expect(show(state, 'split')).toBe(true);
    expect(state.presenterState(0).view).toBe('split');
    // Restored (a restart) and adopted (another process) with it.
    expect(PollState.restore(poll(), state.snapshot()).view).toBe('split');
    const copy = new PollState(poll());
    copy.adopt(state.snapshot());
    expect(copy.view).toBe('split');
    expect(show(state, 'normal')).toBe(true);
    expect(state.snapshot()).not.toHaveProperty('view');
    copy.adopt(state.snapshot());
    expect(copy.view).toBe('normal');
  });

  it('refuses a view the poll has nothing to show with: one round, no roles, typed answers', () => {
    const one = new PollState(poll());
    one.split = splitter;
    expect(refusal(() => one.nextView('movement'))).toBe('bad_request');
    expect(refusal(() => one.nextView('split'))).toBe('accepted');
    const noRoles = revealedTwice();
    noRoles.split = null;
    expect(refusal(() => noRoles.nextView('split'))).toBe('bad_request');
    expect(refusal(() => noRoles.nextView('movement'))).toBe('accepted');
    const words = new PollState({
      id: 'words',
      type: 'text',
      question: 'One word?',
      options: [],
      text: { length: 50, answers: 1 },
      slide: { h: 1, v: 0 },
      line: 3,
    } satisfies TextPoll);
    words.split = splitter;
    expect(refusal(() => words.nextView('split'))).toBe('bad_request');
    expect(refusal(() => words.nextView('normal'))).toBe('accepted');
  });

  it('is accepted before the reveal, but a projector gets no counts to show it with until then', () => {
    const state = revealedTwice();
    act(state, 'again', 3000);
    expect(show(state, 'movement')).toBe(true);
    expect(state.presenterState(0, 'projector')).toMatchObject({ view: 'movement', tally: { blind: true, counts: {} } });
    expect(state.presenterState(0, 'projector').tally).not.toHaveProperty('earlier');
    // Revealed: the view chosen shows on the projector with the counts.
    act(state, 'reveal', 3100);
    expect(state.presenterState(0, 'projector')).toMatchObject({ view: 'movement', tally: { earlier: expect.anything() } });
  });

  it('turns back to normal on a hide, a reset and a vote again — not on a close, open or reveal', () => {
    const state = revealedTwice();
    show(state, 'movement');
    act(state, 'close', 3000);
    act(state, 'open', 3100);
    expect(state.view).toBe('movement');
    act(state, 'hide', 3200);
    expect(state.view).toBe('normal');
    act(state, 'reveal', 3300);
    expect(state.view).toBe('normal');
    show(state, 'split');
    act(state, 'reset', 3400);
    expect(state.view).toBe('normal');
    act(state, 'reveal', 3500);
    show(state, 'movement');
    act(state, 'again', 3600);
    expect(state.view).toBe('normal');
  });
});
