// The self-paced phone page's transitions (audience/paced/update.ts) on their own: the next model
// and the commands for each message, with no browser, socket, storage or clock — what a participant
// going through the deck by themselves sees happen, and what the page asks of the server.
import { describe, expect, it } from 'vitest';
import type { PacedCommand } from '../../audience/paced/commands.js';
import type { PacedMsg } from '../../audience/paced/messages.js';
import { currentPoll, initialModel, type PacedModel, type Place, pairPicks, pollClosed, rankOrder, ticked } from '../../audience/paced/model.js';
import { update } from '../../audience/paced/update.js';
import type { AudiencePollFields, AudienceState, MyAnswer, PhoneSlide, SelfPacedDeck } from '../../server/protocol.js';

const CODE = 'ABCDE';

const slide = (h: number, v: number, pollId?: string, id?: string): PhoneSlide => ({
  position: { h, v },
  number: `${h + 1}`,
  title: `Slide ${h}.${v}`,
  html: `<p>Slide ${h}.${v}</p>`,
  ...(id && { id }),
  ...(pollId && { pollId }),
});

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase() }));

/** The case: an intro, a branching poll (two branches), a text poll, a multi, a rank, a paired poll and a rating. */
const DECK: SelfPacedDeck = {
  slides: [
    slide(0, 0),
    slide(1, 0, 'path'),
    slide(2, 0, undefined, 'talk'),
    slide(3, 0, undefined, 'wait'),
    slide(4, 0, 'thoughts'),
    slide(5, 0),
    slide(6, 0, 'pick'),
    slide(7, 0, 'order'),
    slide(8, 0, 'pair'),
    slide(9, 0, 'rating'),
  ],
  polls: [
    {
      id: 'path',
      type: 'single',
      question: 'How should you respond?',
      options: [
        { id: 'talk', label: 'Talk to them', goto: { h: 2, v: 0 } },
        { id: 'wait', label: 'Wait and see', goto: { h: 3, v: 0 } },
      ],
    },
    { id: 'thoughts', type: 'text', question: 'What else would you do?', options: [], text: { length: 280, answers: 3 } },
    { id: 'pick', type: 'multi', question: 'Which two?', options: options('a', 'b', 'c'), limit: 2 },
    { id: 'order', type: 'rank', question: 'In order?', options: options('x', 'y', 'z') },
    {
      id: 'pair',
      type: 'single',
      question: 'Should and would',
      options: options('yes', 'no'),
      ask: [
        { id: 'should', question: 'What should you do?' },
        { id: 'would', question: 'What would you do?' },
      ],
    },
    { id: 'rating', type: 'scale', question: 'How useful?', options: options('1', '2', '3'), scale: { max: 3 } },
  ] as AudiencePollFields[],
};

/** DECK with a Q&A poll at its end, on slide 10. */
const WITH_QA: SelfPacedDeck = {
  slides: [...DECK.slides, slide(10, 0, 'questions')],
  polls: [...DECK.polls, { id: 'questions', type: 'qa', question: 'What would you ask?', options: [], text: { length: 280, answers: 3 } }],
};

/** Slide indexes in DECK. */
const AT = { intro: 0, case: 1, talk: 2, wait: 3, thoughts: 4, between: 5, pick: 6, order: 7, pair: 8, rating: 9 };

function session(results: 'after-answer' | 'never' = 'after-answer'): AudienceState {
  return {
    code: CODE,
    deckTitle: 'Pre-work',
    slide: { position: { h: 0, v: 0 }, number: '1', title: 'Pre-work' },
    poll: null,
    ended: false,
    selfPaced: { opens: 0, closes: Number.MAX_SAFE_INTEGER, results, closed: [] },
  };
}

/** Folds `msgs` over `model`, collecting every command. */
function play(model: PacedModel, ...msgs: PacedMsg[]): { model: PacedModel; commands: PacedCommand[]; redraws: boolean[] } {
  const commands: PacedCommand[] = [];
  const redraws: boolean[] = [];
  for (const msg of msgs) {
    const step = update(model, msg);
    model = step.state;
    commands.push(...step.commands);
    redraws.push(step.redraw);
  }
  return { model, commands, redraws };
}

const ofType = <T extends PacedCommand['type']>(commands: PacedCommand[], type: T) =>
  commands.filter((c): c is Extract<PacedCommand, { type: T }> => c.type === type);

/** A phone connected and joined, with the slides loaded, at `place` (by default the first slide). */
function ready(opts: { place?: Place; answers?: MyAnswer[]; state?: AudienceState; deck?: SelfPacedDeck } = {}): PacedModel {
  const state = opts.state ?? session();
  return play(
    initialModel(state, opts.place ?? { at: 0, back: [] }, false),
    { type: 'opened' },
    { type: 'connected' },
    { type: 'joined', data: { state, answers: opts.answers ?? [] } },
    { type: 'slidesLoaded', deck: opts.deck ?? DECK },
  ).model;
}

const at = (place: number, ...back: number[]): Place => ({ at: place, back });
const answer = (pollId: string, ...optionIds: string[]): MyAnswer => ({ pollId, round: 1, optionIds });
const next: PacedMsg = { type: 'go', to: 'next' };
const previous: PacedMsg = { type: 'go', to: 'previous' };

describe('the self-paced phone page’s update', () => {
  it('never changes the model it is given', () => {
    const before = ready({ place: at(AT.pick, AT.between) });
    const copy = structuredClone(before);
    update(before, { type: 'optionToggled', optionId: 'a' });
    update(before, next);
    update(before, { type: 'answerAcked', pollId: 'pick', answer: answer('pick', 'a') });
    update(before, { type: 'disconnected', byServer: true });
    expect(before).toEqual(copy);
  });

  it('joins once connected, then asks for the slides once, and shows the slide where the phone was', () => {
    const model = initialModel(session(), at(AT.thoughts, AT.intro, AT.case, AT.talk), false);
    const connected = play(model, { type: 'connected' });
    expect(connected.commands).toEqual([{ type: 'join' }]);
    const joined = play(connected.model, { type: 'joined', data: { state: session(), answers: [answer('path', 'talk')] } });
    expect(joined.commands).toEqual([{ type: 'askSlides' }]);
    const loaded = play(joined.model, { type: 'slidesLoaded', deck: DECK });
    expect(loaded.model.place).toEqual(at(AT.thoughts, AT.intro, AT.case, AT.talk));
    expect(currentPoll(loaded.model)?.id).toBe('thoughts');

    // Joined again after a lost connection: the slides are there, they are not asked for again.
    const again = play(
      loaded.model,
      { type: 'disconnected', byServer: false },
      { type: 'connected' },
      {
        type: 'joined',
        data: { state: session(), answers: [] },
      },
    );
    expect(ofType(again.commands, 'askSlides')).toEqual([]);
  });

  it('starts from the first slide when the place kept is past the end of the deck', () => {
    expect(ready({ place: at(42, 0, 1) }).place).toEqual(at(0));
  });

  it('keeps Next closed on a branching poll until it is answered', () => {
    const model = ready({ place: at(AT.case, AT.intro) });
    const step = update(model, next);
    expect(step.redraw).toBe(false);
    expect(step.state.place).toEqual(at(AT.case, AT.intro));
    expect(step.commands).toEqual([]);
  });

  it('Next after a branching answer goes to the chosen branch, and from it past the other branch', () => {
    const model = ready({ place: at(AT.case, AT.intro) });
    const talk = play(model, { type: 'answerAcked', pollId: 'path', answer: answer('path', 'talk') }, next);
    expect(talk.model.place).toEqual(at(AT.talk, AT.intro, AT.case));
    expect(play(talk.model, next).model.place).toEqual(at(AT.thoughts, AT.intro, AT.case, AT.talk));

    const wait = play(model, { type: 'answerAcked', pollId: 'path', answer: answer('path', 'wait') }, next);
    expect(wait.model.place).toEqual(at(AT.wait, AT.intro, AT.case));
  });

  it('Previous retraces the path walked, one slide at a time; each step is kept, at the top of the new slide', () => {
    const walked = play(
      ready({ answers: [answer('path', 'wait')] }),
      next, // the case
      next, // its branch
      next, // past the other branch
    );
    expect(walked.model.place).toEqual(at(AT.thoughts, AT.intro, AT.case, AT.wait));
    const back = play(walked.model, previous, previous);
    expect(back.model.place).toEqual(at(AT.case, AT.intro));
    expect(ofType(back.commands, 'savePlace').map((c) => c.place.at)).toEqual([AT.wait, AT.case]);
    expect(ofType(back.commands, 'toTop')).toHaveLength(2);
    // At the first slide, Previous has nowhere to go.
    const start = play(back.model, previous);
    expect(start.model.place).toEqual(at(AT.intro));
    expect(update(start.model, previous).redraw).toBe(false);
  });

  it('a tap sends the answer and says Sending…, then Answer recorded once the server has it', () => {
    const model = ready({ place: at(AT.rating) });
    const tapped = play(model, { type: 'optionTapped', optionId: '2' });
    expect(tapped.commands).toEqual([{ type: 'vote', pollId: 'rating', optionIds: ['2'] }]);
    expect(tapped.model.status).toEqual({ pollId: 'rating', kind: 'sending' });
    const done = play(tapped.model, { type: 'answerAcked', pollId: 'rating', answer: answer('rating', '2') });
    expect(done.model.status).toEqual({ pollId: 'rating', kind: 'recorded' });
    expect(done.model.answers.get('rating')?.optionIds).toEqual(['2']);
  });

  it('an answer failing shows its message and keeps the draft', () => {
    const model = ready({ place: at(AT.thoughts) });
    const typed = play(model, { type: 'textTyped', value: 'Ask the director' }, { type: 'textSubmitted' });
    // Typing needs no new screen: the box shows it.
    expect(typed.redraws[0]).toBe(false);
    expect(typed.commands).toEqual([{ type: 'submitText', pollId: 'thoughts', text: 'Ask the director' }]);

    const refused = play(typed.model, { type: 'answerFailed', pollId: 'thoughts', message: 'Too many answers' });
    expect(refused.model.status).toEqual({ pollId: 'thoughts', kind: 'refused', message: 'Too many answers' });
    expect(refused.model.draft.typed).toBe('Ask the director');

    const unanswered = play(typed.model, { type: 'answerFailed', pollId: 'thoughts', message: null });
    expect(unanswered.model.status).toEqual({ pollId: 'thoughts', kind: 'notSent' });
    expect(unanswered.model.draft.typed).toBe('Ask the director');

    // Sent again, and recorded: the box is emptied.
    const sent = play(unanswered.model, { type: 'textSubmitted' }, { type: 'answerAcked', pollId: 'thoughts', answer: answer('thoughts') });
    expect(sent.model.draft.typed).toBe('');
  });

  it('sends nothing for a text of blanks', () => {
    const step = play(ready({ place: at(AT.thoughts) }), { type: 'textTyped', value: '   ' }, { type: 'textSubmitted' });
    expect(step.commands).toEqual([]);
    expect(step.model.status).toBeNull();
  });

  it('a new poll resets the draft; a slide without a poll keeps it', () => {
    const typed = play(ready({ place: at(AT.thoughts) }), { type: 'textTyped', value: 'Half a thought' });
    // Away to a slide without a poll and back: still there.
    const back = play(typed.model, next, previous);
    expect(back.model.draft).toEqual({ pollId: 'thoughts', picked: [], typed: 'Half a thought' });
    // On to another poll: a fresh draft, and nothing typed when coming back.
    const on = play(typed.model, next, next);
    expect(on.model.draft).toEqual({ pollId: 'pick', picked: [], typed: '' });
    expect(play(on.model, previous, previous).model.draft).toEqual({ pollId: 'thoughts', picked: [], typed: '' });
  });

  it('a new slide clears the status line', () => {
    const model = play(ready({ place: at(AT.rating, AT.pair) }), { type: 'optionTapped', optionId: '1' }).model;
    expect(play(model, previous).model.status).toBeNull();
  });

  it('ticks a multi poll’s options up to its limit, and submits them', () => {
    const model = ready({ place: at(AT.pick) });
    const toggled = play(
      model,
      { type: 'optionToggled', optionId: 'a' },
      { type: 'optionToggled', optionId: 'b' },
      { type: 'optionToggled', optionId: 'c' }, // over the limit of two
    );
    expect([...ticked(toggled.model, currentPoll(toggled.model)!)]).toEqual(['a', 'b']);
    const untick = play(toggled.model, { type: 'optionToggled', optionId: 'a' }, { type: 'optionToggled', optionId: 'c' });
    expect([...ticked(untick.model, currentPoll(untick.model)!)]).toEqual(['b', 'c']);
    expect(play(untick.model, { type: 'choicesSubmitted' }).commands).toEqual([{ type: 'vote', pollId: 'pick', optionIds: ['b', 'c'] }]);
    // Nothing ticked: nothing to submit.
    expect(play(model, { type: 'choicesSubmitted' }).commands).toEqual([]);
  });

  it('shows a multi poll’s recorded answer until another is ticked', () => {
    const model = ready({ place: at(AT.pick), answers: [answer('pick', 'c')] });
    expect([...ticked(model, currentPoll(model)!)]).toEqual(['c']);
    const changed = play(model, { type: 'optionToggled', optionId: 'a' });
    expect([...ticked(changed.model, currentPoll(changed.model)!)]).toEqual(['c', 'a']);
  });

  it('puts a rank poll in the order tapped, starts again on Clear, and submits only a full order', () => {
    const model = ready({ place: at(AT.order), answers: [answer('order', 'x', 'y', 'z')] });
    expect(rankOrder(model, currentPoll(model)!)).toEqual(['x', 'y', 'z']); // the recorded order
    const tapped = play(model, { type: 'rankTapped', optionId: 'z' }, { type: 'rankTapped', optionId: 'z' }, { type: 'rankTapped', optionId: 'x' });
    expect(rankOrder(tapped.model, currentPoll(tapped.model)!)).toEqual(['z', 'x']);
    expect(play(tapped.model, { type: 'choicesSubmitted' }).commands).toEqual([]);
    const full = play(tapped.model, { type: 'rankTapped', optionId: 'y' }, { type: 'choicesSubmitted' });
    expect(full.commands).toEqual([{ type: 'vote', pollId: 'order', optionIds: ['z', 'x', 'y'] }]);
    const cleared = play(tapped.model, { type: 'rankCleared' });
    expect(rankOrder(cleared.model, currentPoll(cleared.model)!)).toEqual(['x', 'y', 'z']);
  });

  it('takes one option for each question of a paired poll, and submits once both are picked', () => {
    const model = ready({ place: at(AT.pair) });
    const one = play(model, { type: 'pairPicked', ask: 1, optionId: 'no' });
    expect(pairPicks(one.model, currentPoll(one.model)!)).toEqual(['', 'no']);
    expect(play(one.model, { type: 'choicesSubmitted' }).commands).toEqual([]);
    const both = play(one.model, { type: 'pairPicked', ask: 0, optionId: 'yes' }, { type: 'choicesSubmitted' });
    expect(both.commands).toEqual([{ type: 'vote', pollId: 'pair', optionIds: ['yes', 'no'] }]);
  });

  it('results are asked for only after an answer when the deck allows', () => {
    // Not answered yet: no results on arriving at the poll.
    const arrived = play(ready({ place: at(AT.case, AT.intro) }), previous, next);
    expect(ofType(arrived.commands, 'askResults')).toEqual([]);
    // Answered: asked for at once, and again on coming back to it.
    const answered = play(arrived.model, { type: 'answerAcked', pollId: 'path', answer: answer('path', 'talk') });
    expect(ofType(answered.commands, 'askResults')).toEqual([{ type: 'askResults', pollId: 'path' }]);
    const again = play(answered.model, next, previous);
    expect(ofType(again.commands, 'askResults')).toEqual([{ type: 'askResults', pollId: 'path' }]);
    const shown = play(again.model, {
      type: 'resultsLoaded',
      pollId: 'path',
      results: { pollId: 'path', counts: { talk: 1, wait: 0 }, respondents: 1 },
    });
    expect(shown.model.results.get('path')?.respondents).toBe(1);

    // A deck whose results are never shown: never asked for.
    const never = session('never');
    const model = ready({ place: at(AT.case), state: never });
    const none = play(model, { type: 'answerAcked', pollId: 'path', answer: answer('path', 'talk') }, next, previous);
    expect(ofType(none.commands, 'askResults')).toEqual([]);
  });

  it('asks for the results of the poll on screen when joined with an answer to it', () => {
    const state = session();
    const loaded = play(
      initialModel(state, at(AT.case), false),
      { type: 'connected' },
      { type: 'joined', data: { state, answers: [answer('path', 'wait')] } },
      { type: 'slidesLoaded', deck: DECK },
    );
    expect(ofType(loaded.commands, 'askResults')).toEqual([{ type: 'askResults', pollId: 'path' }]);
  });

  it('says Reconnecting… only once a connection was lost, and connects again when the server dropped it', () => {
    const opened = initialModel(session(), at(0), false);
    expect(opened.everConnected).toBe(false);
    const lost = play(opened, { type: 'connected' }, { type: 'disconnected', byServer: false });
    expect(lost.model).toMatchObject({ connected: false, everConnected: true });
    expect(ofType(lost.commands, 'reconnect')).toEqual([]);
    expect(ofType(play(lost.model, { type: 'disconnected', byServer: true }).commands, 'reconnect')).toHaveLength(1);
  });

  it('follows its own session’s state and ignores another’s', () => {
    const model = ready();
    const ended = { ...session(), ended: true };
    expect(play(model, { type: 'stateChanged', state: ended }).model.state.ended).toBe(true);
    const other = play(model, { type: 'stateChanged', state: { ...ended, code: 'ZZZZZ' } });
    expect(other.model.state.ended).toBe(false);
    expect(other.redraws).toEqual([false]);
  });

  it('asks again for its own answers when the presenter acts (a reset poll’s are gone), and never for another session', () => {
    const model = ready({ place: at(AT.case), answers: [answer('path', 'talk')] });
    const reset = play(model, { type: 'stateChanged', state: { ...session(), selfPaced: { ...session().selfPaced!, closed: ['rating'] } } });
    expect(reset.commands).toEqual([{ type: 'join' }]);
    const rejoined = play(reset.model, { type: 'joined', data: { state: reset.model.state, answers: [] } });
    expect(rejoined.model.answers.size).toBe(0);
    expect(play(model, { type: 'stateChanged', state: { ...session(), code: 'OTHER' } }).commands).toEqual([]);
  });

  it('before the window opens: the slides are refused, and asked for again when it opens', () => {
    const opens = Date.parse('2026-12-10T09:00:00Z');
    const state = { ...session(), selfPaced: { ...session().selfPaced!, opens } };
    const early = play(
      initialModel(state, at(0), false),
      { type: 'connected' },
      { type: 'joined', data: { state, answers: [] } },
      { type: 'slidesRefused' },
    );
    expect(ofType(early.commands, 'wakeAt')).toEqual([{ type: 'wakeAt', at: opens }]);
    expect(early.model.deck).toBeNull();
    expect(play(early.model, { type: 'windowOpened' }).commands).toEqual([{ type: 'askSlides' }]);
  });

  it('the Phone view watches, keeps no place and answers nothing', () => {
    const state = session();
    const watched = play(initialModel(state, at(0), true), { type: 'connected' }, { type: 'watched', state }, { type: 'slidesLoaded', deck: DECK });
    expect(watched.commands.map((c) => c.type)).toEqual(['watch', 'askSlides']);
    const walked = play(watched.model, next, { type: 'optionTapped', optionId: 'talk' }, { type: 'stateChanged', state });
    expect(walked.model.place).toEqual(at(AT.case, AT.intro));
    expect(walked.commands.map((c) => c.type)).toEqual(['toTop']);
    expect(walked.model.status).toBeNull();
    // Past the branching poll it cannot answer: every slide in deck order, each branch included.
    const along = play(walked.model, next, next, next);
    expect(along.model.place.at).toBe(AT.thoughts);
  });

  it('a Q&A poll: its board is asked for on arriving, upvotes go one at a time, and the board is asked for again after each', () => {
    const model = ready({ place: at(AT.rating), deck: WITH_QA });
    const arrived = play(model, { type: 'answerAcked', pollId: 'rating', answer: answer('rating', '2') }, next);
    expect(ofType(arrived.commands, 'askBoard')).toEqual([{ type: 'askBoard', pollId: 'questions' }]);
    const board = [{ id: 'q1', text: 'How often should we meet?', answered: false, votes: 2 }];
    const tapped = play(
      arrived.model,
      { type: 'boardLoaded', pollId: 'questions', board },
      { type: 'upvoteTapped', entryId: 'q1', up: true },
      {
        type: 'upvoteTapped',
        entryId: 'q1',
        up: true,
      },
    );
    expect(tapped.model.boards.get('questions')).toEqual(board);
    expect(ofType(tapped.commands, 'upvote')).toEqual([{ type: 'upvote', pollId: 'questions', entryId: 'q1', up: true }]);
    expect([...tapped.model.upvoting]).toEqual(['q1']);
    const acked = play(tapped.model, {
      type: 'upvoteAcked',
      entryId: 'q1',
      answer: { pollId: 'questions', round: 1, optionIds: [], upvoted: ['q1'] },
    });
    expect(acked.model.upvoting.size).toBe(0);
    expect(acked.model.answers.get('questions')?.upvoted).toEqual(['q1']);
    expect(acked.commands).toEqual([{ type: 'askBoard', pollId: 'questions' }]);
    const refused = play(tapped.model, {
      type: 'upvoteFailed',
      pollId: 'questions',
      entryId: 'q1',
      message: 'That question is no longer on the board.',
    });
    expect(refused.model.upvoting.size).toBe(0);
    expect(refused.model.status).toEqual({ pollId: 'questions', kind: 'refused', message: 'That question is no longer on the board.' });
  });

  it('knows the polls the presenter closed', () => {
    const state = { ...session(), selfPaced: { ...session().selfPaced!, closed: ['rating'] } };
    const model = ready({ state });
    expect(pollClosed(model, 'rating')).toBe(true);
    expect(pollClosed(model, 'path')).toBe(false);
  });
});
