// The phone page's roles and paired polls (issue 19, parts 3 and 4), through its update alone: a
// deck with roles asks once (unless the join says the role), a pick is sent and sent again after a
// re-join until acknowledged, the menu asks again; a paired poll takes one pick per question and
// sends both in one vote, shows both as the answer, and Keep it sends both again.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../audience/commands.js';
import type { PairPollModel } from '../../audience/model.js';
import { pollModel } from '../../audience/poll-model.js';
import { answerWords } from '../../audience/screens/parts.js';
import { asksRole, type PageState } from '../../audience/state.js';
import { say } from '../../audience/words.js';
import type { AudiencePoll, AudienceState, JoinResult } from '../../server/protocol.js';
import { answerJoin, audiencePoll, audienceState, openAndJoin, play, sentVotes } from '../helpers/audience-page.js';

const ROLES = [
  { id: 'resident', label: 'Resident' },
  { id: 'fellow', label: 'Fellow' },
];
const ASK = [
  { id: 'should', question: 'What should you do?' },
  { id: 'would', question: 'What would you actually do?' },
];

const paired = (over: Partial<AudiencePoll> = {}): AudiencePoll =>
  audiencePoll({
    ask: ASK,
    options: [
      { id: 'talk', label: 'Talk' },
      { id: 'wait', label: 'Wait' },
    ],
    ...over,
  });

const session = (poll: AudiencePoll | null, roles = true): AudienceState =>
  audienceState(poll, { deckTitle: 'Mentoring', ...(roles ? { roles: ROLES } : {}) });

const joinedPage = (data: JoinResult, watching = false): { state: PageState; commands: Command[] } => openAndJoin(data, { watching });

const roleSends = (commands: Command[]) => commands.flatMap((c) => (c.type === 'sendRole' ? [c.send.role] : []));
const model = (s: PageState) => pollModel(s, s.session!.poll!) as PairPollModel;

describe('the phone page’s role', () => {
  it('asks once on joining a deck with roles, sends the pick, and then shows the poll', () => {
    const { state } = joinedPage({ state: session(null), answers: [] });
    expect(asksRole(state)).toBe(true);
    const picked = play(state, { type: 'rolePicked', role: 'fellow' });
    expect(roleSends(picked.commands)).toEqual(['fellow']);
    expect(asksRole(picked.state)).toBe(false);
    expect(picked.state.role).toBe('fellow');
    const send = picked.state.roleSend!;
    expect(play(picked.state, { type: 'roleAcknowledged', send }).state.roleSend).toBeNull();
  });

  it('does not ask when the join says the role (a reload), "Prefer not to say" included, nor in a deck without roles or a preview', () => {
    expect(asksRole(joinedPage({ state: session(null), answers: [], role: 'resident' }).state)).toBe(false);
    expect(asksRole(joinedPage({ state: session(null), answers: [], role: null }).state)).toBe(false);
    expect(asksRole(joinedPage({ state: session(null, false), answers: [] }).state)).toBe(false);
    expect(asksRole(joinedPage({ state: session(null), answers: [] }, true).state)).toBe(false);
  });

  it('asks again from the menu: Cancel keeps the role, a pick changes it (null: prefer not to say)', () => {
    const { state } = joinedPage({ state: session(null), answers: [], role: 'resident' });
    const opened = play(state, { type: 'roleOpened' }).state;
    expect(asksRole(opened)).toBe(true);
    expect(asksRole(play(opened, { type: 'roleClosed' }).state)).toBe(false);
    const changed = play(opened, { type: 'rolePicked', role: null });
    expect(roleSends(changed.commands)).toEqual([null]);
    expect(changed.state.role).toBeNull();
    expect(asksRole(changed.state)).toBe(false);
  });

  it('sends a role picked while away once joined again, and keeps it over the join’s older word', () => {
    const { state } = joinedPage({ state: session(null), answers: [] });
    const away = play(state, { type: 'disconnected', byServer: false }, { type: 'rolePicked', role: 'fellow' });
    expect(roleSends(away.commands)).toEqual([]);
    const back = play(away.state, { type: 'connected' });
    const rejoined = answerJoin(back.state, back.commands, { state: session(null), answers: [] });
    expect(roleSends(rejoined.commands)).toEqual(['fellow']);
    expect(rejoined.state.role).toBe('fellow');
    expect(asksRole(rejoined.state)).toBe(false);
  });

  it('joins again when the server forgot the socket, and drops a role refused for good', () => {
    const picked = play(joinedPage({ state: session(null), answers: [] }).state, { type: 'rolePicked', role: 'fellow' });
    const send = picked.state.roleSend!;
    const conn = picked.state.net.conn;
    const forgot = play(picked.state, { type: 'roleRefused', send, conn, error: { code: 'not_joined', message: 'join first' } });
    expect(forgot.commands.some((c) => c.type === 'join')).toBe(true);
    expect(forgot.state.roleSend).toEqual(send);
    const refused = play(picked.state, { type: 'roleRefused', send, conn, error: { code: 'forbidden', message: 'ended' } });
    expect(refused.state.roleSend).toBeNull();
  });
});

describe('a paired poll on the phone', () => {
  it('takes one pick per question and sends both in one vote, the same option twice allowed', () => {
    let s = joinedPage({ state: session(paired(), false), answers: [] }).state;
    expect(model(s).picked).toEqual([null, null]);
    const one = play(s, { type: 'pairPicked', ask: 0, optionId: 'talk' }, { type: 'pairSubmitted' });
    expect(sentVotes(one.commands)).toEqual([]);
    expect(say(model(one.state).status!.text)).toBe('Answer both questions first');

    const both = play(one.state, { type: 'pairPicked', ask: 1, optionId: 'talk' }, { type: 'pairSubmitted' });
    expect(sentVotes(both.commands)).toEqual([['talk', 'talk']]);
    const vote = both.state.pending!;
    s = play(both.state, { type: 'voteAcknowledged', vote, answer: { pollId: 'respond', round: 1, optionIds: ['talk', 'talk'] } }).state;
    expect(model(s).answer).toEqual(['talk', 'talk']);
    expect(say(model(s).status!.text)).toBe('✓ Answer recorded');

    // A pick changed after the answer is recorded is not sent until Submit.
    const changed = play(s, { type: 'pairPicked', ask: 1, optionId: 'wait' });
    expect(sentVotes(changed.commands)).toEqual([]);
    expect(model(changed.state).picked).toEqual(['talk', 'wait']);
    expect(say(model(changed.state).status!.text)).toBe('Changes not submitted yet — tap Submit');
    // A single-choice tap does nothing on a paired poll.
    expect(sentVotes(play(s, { type: 'optionTapped', optionId: 'wait' }).commands)).toEqual([]);
  });

  it('starts from the recorded answer after a reload and words it as both answers', () => {
    const { state } = joinedPage({ state: session(paired(), false), answers: [{ pollId: 'respond', round: 1, optionIds: ['wait', 'talk'] }] });
    expect(model(state).picked).toEqual(['wait', 'talk']);
    expect(answerWords(state.session!.poll!, ['wait', 'talk'])).toBe('Should: Wait · Would: Talk');
  });

  it('voted on again: shows both earlier answers, and Keep it sends both', () => {
    const s = joinedPage({
      state: session(paired({ round: 2, earlierRound: 1, keptRounds: 1 }), false),
      answers: [],
      earlier: [{ pollId: 'respond', round: 1, optionIds: ['talk', 'wait'] }],
    }).state;
    expect(model(s).earlier).toEqual({ optionIds: ['talk', 'wait'], first: true, keep: true });
    const kept = play(s, { type: 'earlierKept' });
    expect(sentVotes(kept.commands)).toEqual([['talk', 'wait']]);
    expect(model(kept.state).picked).toEqual(['talk', 'wait']);
  });
});
