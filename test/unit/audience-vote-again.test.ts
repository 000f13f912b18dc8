// The phone page voted on again (issue 19, part 2), through its update alone: the answer of the
// round before is what the page remembered of its own vote (live) or what the join said (after a
// reload); "Keep it" sends it again; a reset (no earlierRound) shows none.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../audience/actions.js';
import type { Command } from '../../audience/commands.js';
import type { EarlierModel } from '../../audience/model.js';
import { pollModel } from '../../audience/poll-model.js';
import type { PageState } from '../../audience/state.js';
import { say } from '../../audience/words.js';
import type { AudiencePoll, AudienceState, JoinResult, MyAnswer } from '../../server/protocol.js';
import { audiencePoll, audienceState, openAndJoin, play, sentVotes } from '../helpers/audience-page.js';

const OPTIONS = [
  { id: 'talk', label: 'Talk to them' },
  { id: 'wait', label: 'Wait and see' },
  { id: 'leave', label: 'Change mentors' },
];

const poll = (over: Partial<AudiencePoll> = {}): AudiencePoll => audiencePoll({ options: OPTIONS, ...over });
const session = (p: AudiencePoll): AudienceState => audienceState(p);

/** A page opened on a join link, connected and joined with `data`. */
const joinedPage = (data: JoinResult): PageState => openAndJoin(data).state;

/** Taps `optionId` (or Keep it) and has the server acknowledge the vote in the poll's current round. */
function voted(state: PageState, action: Action): { state: PageState; commands: Command[] } {
  const tapped = play(state, action);
  const sent = tapped.commands.find((c) => c.type === 'vote');
  if (sent?.type !== 'vote') throw new Error('no vote sent');
  const { pollId, round, optionIds } = sent.vote;
  const acked = play(tapped.state, { type: 'voteAcknowledged', vote: sent.vote, answer: { pollId, round, optionIds: [...optionIds] } });
  return { state: acked.state, commands: [...tapped.commands, ...acked.commands] };
}

const earlierOf = (s: PageState): EarlierModel | null => pollModel(s, s.session!.poll!).earlier;
const announced = (commands: Command[]) =>
  commands.flatMap((c) => (c.type === 'announce' ? [c.parts.map((p) => (typeof p === 'string' ? p : say(p))).join('')] : []));

describe('the phone page voted on again', () => {
  it('remembers its own vote of round 1, offers to keep it in round 2, and still shows it once answered', () => {
    let s = voted(joinedPage({ state: session(poll()), answers: [] }), { type: 'optionTapped', optionId: 'talk' }).state;
    expect(earlierOf(s)).toBeNull();

    const again = play(s, { type: 'stateReceived', state: session(poll({ round: 2, earlierRound: 1, keptRounds: 1 })) });
    s = again.state;
    expect(announced(again.commands)).toEqual(['Vote again — keep your answer or change it']);
    expect(earlierOf(s)).toEqual({ optionIds: ['talk'], first: true, keep: true });
    expect(pollModel(s, s.session!.poll!).recorded).toBeNull(); // round 1's answer is not this round's

    const kept = voted(s, { type: 'earlierKept' });
    expect(sentVotes(kept.commands)).toEqual([['talk']]);
    s = kept.state;
    expect(s.answers.get('respond')).toEqual({ pollId: 'respond', round: 2, optionIds: ['talk'] });
    expect(pollModel(s, s.session!.poll!).status?.text).toEqual({ key: 'recorded' });
    // Answered: no Keep it any more, the first answer stays shown (small, under the answer).
    expect(earlierOf(s)).toEqual({ optionIds: ['talk'], first: true, keep: false });
  });

  it('keeps the first answer when the participant changes it, and in a round 3 shows the round before as an earlier answer', () => {
    let s = voted(joinedPage({ state: session(poll()), answers: [] }), { type: 'optionTapped', optionId: 'talk' }).state;
    s = play(s, { type: 'stateReceived', state: session(poll({ round: 2, earlierRound: 1, keptRounds: 1 })) }).state;
    s = voted(s, { type: 'optionTapped', optionId: 'wait' }).state;
    expect(earlierOf(s)).toEqual({ optionIds: ['talk'], first: true, keep: false });

    s = play(s, { type: 'stateReceived', state: session(poll({ round: 3, earlierRound: 2, keptRounds: 2 })) }).state;
    expect(earlierOf(s)).toEqual({ optionIds: ['wait'], first: false, keep: true });
  });

  it('calls the answer of a round that followed a reset the first answer: the reset round was never shown', () => {
    // Round 1 reset (a mistake), round 2 answered, then voted on again: round 2 was the first vote.
    let s = play(joinedPage({ state: session(poll()), answers: [] }), { type: 'stateReceived', state: session(poll({ round: 2 })) }).state;
    s = voted(s, { type: 'optionTapped', optionId: 'wait' }).state;
    s = play(s, { type: 'stateReceived', state: session(poll({ round: 3, earlierRound: 2, keptRounds: 1 })) }).state;
    expect(earlierOf(s)).toEqual({ optionIds: ['wait'], first: true, keep: true });
  });

  it('after a reload, shows the first answer the join gave, with or without an answer in this round', () => {
    const state = session(poll({ round: 2, earlierRound: 1, keptRounds: 1 }));
    const earlier: MyAnswer[] = [{ pollId: 'respond', round: 1, optionIds: ['talk'] }];
    expect(earlierOf(joinedPage({ state, answers: [], earlier }))).toEqual({ optionIds: ['talk'], first: true, keep: true });
    const answered = joinedPage({ state, answers: [{ pollId: 'respond', round: 2, optionIds: ['leave'] }], earlier });
    expect(earlierOf(answered)).toEqual({ optionIds: ['talk'], first: true, keep: false });
    // A newcomer of round 2 had none; neither does a poll's first round.
    expect(earlierOf(joinedPage({ state, answers: [], earlier: [] }))).toBeNull();
    expect(earlierOf(joinedPage({ state, answers: [] }))).toBeNull();
  });

  it('shows nothing after a reset, which erases a round instead of keeping it', () => {
    let s = voted(joinedPage({ state: session(poll()), answers: [] }), { type: 'optionTapped', optionId: 'talk' }).state;
    const reset = play(s, { type: 'stateReceived', state: session(poll({ round: 2 })) });
    expect(announced(reset.commands)).toEqual(['The question was reset — you can answer again']);
    expect(earlierOf(reset.state)).toBeNull();
    expect(play(reset.state, { type: 'earlierKept' }).commands).toEqual([]);

    // Voted on again, then round 2 reset: round 1 is still the first answer.
    s = play(s, { type: 'stateReceived', state: session(poll({ round: 2, earlierRound: 1, keptRounds: 1 })) }).state;
    s = voted(s, { type: 'optionTapped', optionId: 'wait' }).state;
    const erased = play(s, { type: 'stateReceived', state: session(poll({ round: 3, earlierRound: 1, keptRounds: 1 })) });
    expect(announced(erased.commands)).toEqual(['The question was reset — you can answer again']);
    expect(earlierOf(erased.state)).toEqual({ optionIds: ['talk'], first: true, keep: true });
  });

  it('keeps a multi answer and a rank order as they were, the controls showing them', () => {
    const multi = poll({ type: 'multi', round: 2, earlierRound: 1, keptRounds: 1 });
    let s = joinedPage({ state: session(multi), answers: [], earlier: [{ pollId: 'respond', round: 1, optionIds: ['talk', 'leave'] }] });
    let kept = voted(s, { type: 'earlierKept' });
    expect(sentVotes(kept.commands)).toEqual([['talk', 'leave']]);
    expect([...pollModel(kept.state, multi).selected]).toEqual(['talk', 'leave']);
    expect(pollModel(kept.state, multi).status?.kind).toBe('ok'); // not "changes not submitted"

    const rank = poll({ type: 'rank', round: 2, earlierRound: 1, keptRounds: 1 });
    s = joinedPage({ state: session(rank), answers: [], earlier: [{ pollId: 'respond', round: 1, optionIds: ['leave', 'talk', 'wait'] }] });
    kept = voted(s, { type: 'earlierKept' });
    expect(sentVotes(kept.commands)).toEqual([['leave', 'talk', 'wait']]);
    const model = pollModel(kept.state, rank);
    expect(model.form === 'order' && model.rank.order).toEqual(['leave', 'talk', 'wait']);
    expect(model.status?.text).toEqual({ key: 'orderRecorded' });
  });

  it('does not keep on a closed poll, and shows nothing on a text poll', () => {
    const earlier: MyAnswer[] = [{ pollId: 'respond', round: 1, optionIds: ['talk'] }];
    const closed = joinedPage({ state: session(poll({ round: 2, earlierRound: 1, keptRounds: 1, status: 'closed' })), answers: [], earlier });
    expect(earlierOf(closed)).toEqual({ optionIds: ['talk'], first: true, keep: false });
    expect(play(closed, { type: 'earlierKept' }).commands).toEqual([]);

    const text = poll({
      type: 'text',
      options: [],
      text: { length: 80, answers: 1 },
      round: 2,
      earlierRound: 1,
      keptRounds: 1,
    } as Partial<AudiencePoll>);
    const typed = joinedPage({ state: session(text), answers: [], earlier: [{ pollId: 'respond', round: 1, optionIds: [], entries: [] }] });
    expect(earlierOf(typed)).toBeNull();
    expect(play(typed, { type: 'earlierKept' }).commands).toEqual([]);
    // Voted on again live, a text poll is a new round with its answers open (nothing to keep).
    const first = joinedPage({ state: session({ ...text, round: 1, earlierRound: undefined }), answers: [] });
    expect(announced(play(first, { type: 'stateReceived', state: session(text) }).commands)).toEqual(['Answers are open']);
  });
});
