// A paired poll ("What should you do?" / "What would you actually do?"): one option per question,
// each question counted on its own, and the gap — how many answered the two differently.
import { describe, expect, it } from 'vitest';
import type { SinglePoll } from '../../server/deck/types.js';
import { ProtocolFailure } from '../../server/session/failure.js';
import { PollState } from '../../server/session/poll.js';
import { act, vote } from '../helpers/domain.js';

const respond: SinglePoll = {
  id: 'respond',
  type: 'single',
  question: 'How should you respond?',
  ask: [
    { id: 'should', question: 'What should you do?' },
    { id: 'would', question: 'What would you actually do?' },
  ],
  options: [
    { id: 'talk', label: 'Talk' },
    { id: 'wait', label: 'Wait' },
    { id: 'leave', label: 'Leave' },
  ],
  slide: { h: 1, v: 0 },
  line: 5,
};

function refused(state: PollState, optionIds: string[]): string {
  try {
    vote(state, 'zed', optionIds, 1);
  } catch (err) {
    if (err instanceof ProtocolFailure) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe('a paired poll', () => {
  it('counts each question on its own, the first as the counts, and the gap between them', () => {
    const state = new PollState(respond);
    act(state, 'open', 0);
    vote(state, 'ana', ['talk', 'wait'], 1);
    vote(state, 'ben', ['talk', 'talk'], 1);
    vote(state, 'cal', ['leave', 'wait'], 1);
    expect(state.tally()).toEqual({
      pollId: 'respond',
      counts: { talk: 2, wait: 0, leave: 1 },
      respondents: 3,
      asked: { should: { talk: 2, wait: 0, leave: 1 }, would: { talk: 1, wait: 2, leave: 0 } },
      gap: 2,
    });
    // A changed answer moves both counts and the gap; the same one again changes nothing.
    expect(vote(state, 'ana', ['talk', 'talk'], 2).changed).toBe(true);
    expect(vote(state, 'ana', ['talk', 'talk'], 3).changed).toBe(false);
    expect(state.tally()).toMatchObject({ asked: { would: { talk: 2, wait: 1 } }, gap: 1 });
  });

  it('refuses an answer to one question only, or with an option the poll does not have', () => {
    const state = new PollState(respond);
    act(state, 'open', 0);
    expect(refused(state, ['talk'])).toBe('invalid_vote: Answer each question: What should you do? / What would you actually do?');
    expect(refused(state, ['talk', 'wait', 'leave'])).toMatch(/^invalid_vote: Answer each question/);
    expect(refused(state, ['talk', 'gone'])).toBe('invalid_vote: That option is not part of this poll.');
    expect(state.tally().respondents).toBe(0);
  });

  it('says how many changed either answer when voted on again, without one flow of options', () => {
    const state = new PollState(respond);
    act(state, 'open', 0);
    vote(state, 'ana', ['talk', 'wait'], 1);
    vote(state, 'ben', ['talk', 'talk'], 1);
    act(state, 'again', 2);
    vote(state, 'ana', ['talk', 'talk'], 3);
    vote(state, 'ben', ['talk', 'talk'], 3);
    expect(state.tally().earlier).toEqual({
      rounds: [
        {
          counts: { talk: 2, wait: 0, leave: 0 },
          respondents: 2,
          asked: { should: { talk: 2, wait: 0, leave: 0 }, would: { talk: 1, wait: 1, leave: 0 } },
          gap: 1,
        },
      ],
      answeredBoth: 2,
      changed: 1,
    });
    expect(state.tally().gap).toBe(0);
  });
});
