// The phone page's transitions (audience/update.ts) on their own: the next state and the commands
// for each action, with no browser, socket or clock. The status line is kept as a phrase (a key of
// the catalogue and its arguments), worded only when drawn.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../audience/commands.js';
import { pollModel } from '../../audience/poll-model.js';
import { initialPageState, type PageState } from '../../audience/state.js';
import { update } from '../../audience/update.js';
import { say } from '../../audience/words.js';
import type { AudiencePoll, AudienceState, MyAnswer } from '../../server/protocol.js';
import { audiencePoll, audienceState, CODE, openAndJoin, play } from '../helpers/audience-page.js';

/** The poll most tests show. */
const poll = audiencePoll;
const session = (p: AudiencePoll | null = poll()): AudienceState => audienceState(p);

/** A page opened on a join link, connected and joined to a session showing `state`. */
const joinedPage = (state = session(), answers: MyAnswer[] = []): PageState => openAndJoin({ state, answers }).state;

const ofType = <T extends Command['type']>(commands: Command[], type: T) =>
  commands.filter((c): c is Extract<Command, { type: T }> => c.type === type);

/** What the live region would say (in English), in order. */
const announced = (commands: Command[]) =>
  ofType(commands, 'announce').map((c) => {
    const words = c.parts.map((p) => (typeof p === 'string' ? p : say(p)));
    if (c.unmarked && words[0]) words[0] = words[0].replace(/^✓ /, '');
    return words.join('');
  });

describe('the phone page’s update', () => {
  it('never changes the state it is given', () => {
    const before = joinedPage();
    const copy = structuredClone(before);
    update(before, { type: 'optionTapped', optionId: 'talk' });
    update(before, { type: 'disconnected', byServer: false });
    update(before, { type: 'stateReceived', state: session(poll({ status: 'closed' })) });
    expect(before).toEqual(copy);
  });

  it('joins from a join link once connected, and ignores the answer to a join it has since replaced', () => {
    const opened = play(initialPageState(false), { type: 'pageOpened', linkCode: CODE, preview: session() });
    expect(opened.state.phase).toBe('joining');
    expect(opened.state.session?.poll?.id).toBe('respond'); // the join page's state, shown before the join
    expect(ofType(opened.commands, 'join')).toEqual([]); // not connected yet

    const connected = play(opened.state, { type: 'connected' });
    const [first] = ofType(connected.commands, 'join');
    expect(first).toMatchObject({ code: CODE, conn: 1, watching: false });

    // A second connection joins again: the first join's answer comes too late and changes nothing.
    const again = play(connected.state, { type: 'disconnected', byServer: false }, { type: 'connected' });
    const late = update(again.state, { type: 'joined', seq: first!.seq, conn: first!.conn, code: CODE, data: { state: session(), answers: [] } });
    expect(late.state.phase).toBe('joining');
    expect(late.redraw).toBe(false);
  });

  it('shows a bad code on the form as a phrase, and keeps what was typed', () => {
    const { state } = play(
      initialPageState(false),
      { type: 'pageOpened', linkCode: null, preview: null },
      { type: 'codeTyped', value: 'AB' },
      {
        type: 'codeSubmitted',
        value: 'AB',
      },
    );
    expect(state.phase).toBe('form');
    expect(state.typed).toBe('AB');
    expect(state.form.error).toEqual({ key: 'badCode', args: [5] });
    expect(say(state.form.error!)).toBe('Enter the 5-character code shown on the screen');
  });

  it('sends a tapped answer, and keeps "Answer recorded" as a phrase once acknowledged', () => {
    const tapped = play(joinedPage(), { type: 'optionTapped', optionId: 'wait' });
    const [vote] = ofType(tapped.commands, 'vote');
    expect(vote?.vote).toMatchObject({ pollId: 'respond', round: 1, optionIds: ['wait'], inFlight: true });
    expect(tapped.state.status).toMatchObject({ kind: 'sending', text: { key: 'sending' } });

    const answer: MyAnswer = { pollId: 'respond', round: 1, optionIds: ['wait'] };
    const done = play(tapped.state, { type: 'voteAcknowledged', vote: vote!.vote, answer });
    expect(done.state.pending).toBeNull();
    expect(done.state.status).toEqual({ pollId: 'respond', round: 1, kind: 'ok', text: { key: 'recorded' } });
    expect(announced(done.commands)).toEqual(['Answer recorded']);
    const model = pollModel(done.state, done.state.session!.poll!);
    expect([...model.selected]).toEqual(['wait']);
    expect(say(model.status!.text)).toBe('✓ Answer recorded');
  });

  it('holds a vote tapped offline as "not sent", and sends it once joined again', () => {
    const offline = play(joinedPage(), { type: 'disconnected', byServer: false }, { type: 'optionTapped', optionId: 'talk' });
    expect(ofType(offline.commands, 'vote')).toEqual([]);
    expect(offline.state.status).toMatchObject({ kind: 'pending', text: { key: 'notSent' } });
    expect(announced(offline.commands)).toEqual(['Not sent yet']);

    const back = play(offline.state, { type: 'connected' });
    const [join] = ofType(back.commands, 'join');
    const joined = play(back.state, { type: 'joined', seq: join!.seq, conn: join!.conn, code: CODE, data: { state: session(), answers: [] } });
    expect(ofType(joined.commands, 'vote').map((c) => c.vote.optionIds)).toEqual([['talk']]);
    // Still "not sent" until the server has it.
    expect(joined.state.status).toMatchObject({ kind: 'pending', text: { key: 'notSent' } });
  });

  it('keeps a refusal as the server’s error code and words, to be worded in the page’s language', () => {
    const tapped = play(joinedPage(), { type: 'optionTapped', optionId: 'talk' });
    const [vote] = ofType(tapped.commands, 'vote');
    const refused = play(tapped.state, {
      type: 'voteRefused',
      vote: vote!.vote,
      conn: vote!.conn,
      error: { code: 'poll_closed', message: 'Voting is closed' },
    });
    expect(refused.state.status).toMatchObject({ kind: 'error', text: { key: 'error', args: ['poll_closed', 'Voting is closed'] } });
    expect(refused.state.pending).toBeNull();
  });

  it('tells a typed answer not sent for want of a connection by its key, whatever the language, and says how to send it once back', () => {
    const text = poll({ id: 'first-meeting', type: 'text', options: [], text: { length: 200, answers: 1 } });
    const typed = play(joinedPage(session(text)), { type: 'textTyped', value: 'Set goals' }, { type: 'textSubmitted' });
    const [submit] = ofType(typed.commands, 'submitText');
    expect(submit?.send.text).toBe('Set goals');

    const cut = play(typed.state, { type: 'disconnected', byServer: false });
    expect(cut.state.status).toMatchObject({ kind: 'error', text: { key: 'textNotSent' } });
    expect(cut.state.lostSend?.text).toBe('Set goals');

    // Back: the server does not have it, and the box still holds it.
    const back = play(cut.state, { type: 'connected' });
    const [join] = ofType(back.commands, 'join');
    const joined = play(back.state, { type: 'joined', seq: join!.seq, conn: join!.conn, code: CODE, data: { state: session(text), answers: [] } });
    expect(joined.state.status).toMatchObject({ kind: 'pending', text: { key: 'textBackOnline' } });
    expect(ofType(joined.commands, 'submitText')).toEqual([]); // not sent by itself
    expect(announced(joined.commands)).toEqual(['Not sent yet — you’re back online: tap Send to send it']);
  });

  it('does not draw again for a keystroke, only when it clears an error', () => {
    const text = poll({ id: 'first-meeting', type: 'text', options: [], text: { length: 200, answers: 1 } });
    const page = joinedPage(session(text));
    expect(update(page, { type: 'textTyped', value: 'S' }).redraw).toBe(false);
    const empty = play(page, { type: 'textSubmitted' });
    expect(empty.state.status).toMatchObject({ kind: 'error', text: { key: 'typeAnswerFirst' } });
    const cleared = update(empty.state, { type: 'textTyped', value: 'S' });
    expect(cleared.redraw).toBe(true);
    expect(cleared.state.status).toBeNull();
  });

  it('orders a rank poll by taps and refuses an incomplete order', () => {
    const rank = poll({ id: 'steps', type: 'rank', options: ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase() })) });
    const page = joinedPage(session(rank));
    const tapped = play(page, { type: 'rankTapped', optionId: 'b' }, { type: 'rankTapped', optionId: 'a' }, { type: 'rankSubmitted' });
    expect(tapped.state.rankDraft?.ids).toEqual(['b', 'a']);
    expect(tapped.state.status).toMatchObject({ kind: 'error', text: { key: 'placeAll' } });
    expect(announced(tapped.commands)).toEqual(['B: ranked 1', 'A: ranked 2', 'Give every option a place first']);

    const done = play(tapped.state, { type: 'rankTapped', optionId: 'c' }, { type: 'rankSubmitted' });
    expect(ofType(done.commands, 'vote').map((c) => c.vote.optionIds)).toEqual([['b', 'a', 'c']]);
    expect(done.state.pending?.recorded).toEqual({ key: 'orderRecorded' });
  });

  it('goes back to the form, saying why, when the server lets the page go and the session is gone', () => {
    const { state, commands } = play(joinedPage(), { type: 'disconnected', byServer: true });
    expect(state.phase).toBe('form');
    expect(state.code).toBeNull();
    expect(state.form.error).toEqual({ key: 'sessionGone' });
    expect(ofType(commands, 'replaceUrl')).toEqual([{ type: 'replaceUrl', path: '/', keepQuery: true }]);
  });
});
