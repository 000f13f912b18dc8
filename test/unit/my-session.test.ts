// My session on the phone, without a browser: the transitions that ask for it, keep it and show
// it (also from what the phone kept, with no network), the commitment and answers it shows, and
// the calendar file of the commitment's reminder, read back with ical.js (a maintained parser).
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../audience/commands.js';
import { allDayReminderIcs } from '../../audience/ics.js';
import { MINE_WORDS } from '../../audience/locales/mine.js';
import { changedAnswer, commitmentOf, defaultReminderDay, localDay } from '../../audience/my-session-model.js';
import { reminderFile } from '../../audience/reminder.js';
import { initialPageState, type PageState, showsMine } from '../../audience/state.js';
import type { AudiencePollFields, AudienceState, MySession } from '../../server/protocol.js';
import { audienceState, CODE, openAndJoin, play } from '../helpers/audience-page.js';

const ENDED_AT = new Date(2026, 11, 7, 16, 30).getTime();

const state = (ended: boolean): AudienceState =>
  audienceState(null, { deckTitle: 'Mentoring', slide: { position: { h: 0, v: 0 }, number: '1', title: 'Hello' }, ended });

/** A single-choice poll as phones see it, its options given as id → label. */
const single = (id: string, question: string, options: Record<string, string>): AudiencePollFields => ({
  id,
  type: 'single',
  question,
  options: Object.entries(options).map(([option, label]) => ({ id: option, label })),
});

/** A participant who chose a step and wrote their words, voted twice on a case question and skipped another. */
const MINE: MySession = {
  code: CODE,
  deckTitle: 'Mentor-Mentee Relationships',
  endedAt: ENDED_AT,
  polls: [
    {
      poll: single('respond', 'How should Dr. X respond?', { talk: 'Talk', wait: 'Wait' }),
      slideTitle: 'Response A',
      rounds: [
        { pollId: 'respond', round: 1, optionIds: ['wait'] },
        { pollId: 'respond', round: 2, optionIds: ['talk'] },
      ],
      results: { tally: { counts: { talk: 3, wait: 1 }, respondents: 4 } },
    },
    {
      poll: { ...single('step', 'One step', { plan: 'Draft a plan with timelines', goals: 'Set goals' }), commitment: true },
      slideTitle: 'Your next step',
      rounds: [{ pollId: 'step', round: 1, optionIds: ['plan'] }],
    },
    {
      poll: { id: 'words', type: 'text', question: 'Your step, in a few words', options: [], text: { length: 80, answers: 1 }, commitment: true },
      slideTitle: 'Your step',
      rounds: [{ pollId: 'words', round: 1, optionIds: [], entries: [{ id: 'e1', text: 'Email Dr. X, three times; "soon"', status: 'shown' }] }],
    },
  ],
};

/** A phone on the join link, connected and joined to a session showing `shown`. */
const joined = (shown: AudienceState, kept?: MySession): { state: PageState; commands: Command[] } =>
  openAndJoin({ state: shown, answers: [] }, { mine: kept });

const types = (commands: Command[]) => commands.map((c) => c.type);

describe('My session on the phone', () => {
  it('is asked for when the session ends, kept on the phone when it comes, and shown', () => {
    const live = joined(state(false));
    expect(types(live.commands)).not.toContain('askMine');
    expect(showsMine(live.state)).toBe(false);

    const ended = play(live.state, { type: 'stateReceived', state: state(true) });
    expect(types(ended.commands)).toContain('askMine');
    expect(showsMine(ended.state)).toBe(true);

    const received = play(ended.state, { type: 'mineReceived', mine: MINE });
    expect(received.state.mine).toEqual(MINE);
    expect(received.commands).toContainEqual({ type: 'keepMine', mine: MINE });
  });

  it('is asked for once at a time, and again once the answer is in', () => {
    const ended = play(joined(state(false)).state, { type: 'stateReceived', state: state(true) });
    const again = play(ended.state, { type: 'mineOpened' }, { type: 'mineClosed' }, { type: 'mineOpened' });
    expect(types(again.commands)).not.toContain('askMine');
    const afterAnswer = play(again.state, { type: 'mineUnavailable' }, { type: 'mineClosed' }, { type: 'mineOpened' });
    expect(types(afterAnswer.commands)).toContain('askMine');
  });

  it('opens from the menu during the session, and Back returns to it', () => {
    const live = joined(state(false));
    const opened = play(live.state, { type: 'mineOpened' });
    expect(types(opened.commands)).toEqual(['askMine']);
    expect(showsMine(opened.state)).toBe(true);
    expect(showsMine(play(opened.state, { type: 'mineClosed' }).state)).toBe(false);
  });

  it('gives way to a question that opens meanwhile', () => {
    const open = {
      ...state(false),
      poll: { id: 'q', type: 'yesno', question: 'Q?', options: [], status: 'open', revealed: false, round: 1 },
    } as AudienceState;
    const opened = play(joined(state(false)).state, { type: 'mineOpened' });
    expect(showsMine(play(opened.state, { type: 'stateReceived', state: state(false) }).state)).toBe(true);
    expect(showsMine(play(opened.state, { type: 'stateReceived', state: open }).state)).toBe(false);
    // Opened while the question is open: it stays until Back.
    const during = play(joined(open).state, { type: 'mineOpened' }, { type: 'stateReceived', state: open });
    expect(showsMine(during.state)).toBe(true);
  });

  it('shows what the phone kept of an ended session at once, before (or without) any connection', () => {
    const opened = play(initialPageState(false), { type: 'pageOpened', linkCode: CODE, preview: null, mine: MINE });
    expect(opened.state.mine).toEqual(MINE);
    expect(showsMine(opened.state)).toBe(true);
    // Kept while the session ran: the session itself shows until it has ended.
    const running = play(initialPageState(false), { type: 'pageOpened', linkCode: CODE, preview: null, mine: { ...MINE, endedAt: null } });
    expect(showsMine(running.state)).toBe(false);
    // Another session's record is not this one's.
    const other = play(initialPageState(false), { type: 'pageOpened', linkCode: 'FGHJK', preview: null, mine: MINE });
    expect(other.state.mine).toBeNull();
  });

  it("never shows on the presenter's preview, which asks for nothing", () => {
    const opened = play(initialPageState(true), { type: 'pageOpened', linkCode: CODE, preview: state(true) }, { type: 'connected' });
    expect(showsMine(opened.state)).toBe(false);
    expect(types(opened.commands)).not.toContain('askMine');
  });

  it('makes the reminder on the day picked, or on the default day', () => {
    const { state: s } = play(joined(state(true)).state, { type: 'mineReceived', mine: MINE });
    expect(play(s, { type: 'reminderSaved' }).commands).toContainEqual({ type: 'downloadReminder', mine: MINE, date: null });
    const picked = play(s, { type: 'reminderDatePicked', date: '2027-02-01' }, { type: 'reminderSaved' });
    expect(picked.commands).toContainEqual({ type: 'downloadReminder', mine: MINE, date: '2027-02-01' });
    expect(play(s, { type: 'reminderDatePicked', date: 'soon' }).state.reminderDate).toBeNull();
  });
});

describe('what My session shows', () => {
  it('puts the commitment together from the polls the deck marks: the steps chosen and the words written', () => {
    expect(commitmentOf(MINE)).toEqual({ steps: ['Draft a plan with timelines'], words: ['Email Dr. X, three times; "soon"'] });
    expect(commitmentOf({ ...MINE, polls: MINE.polls.filter((p) => !p.poll.commitment) })).toBeNull();
  });

  it('tells whether the answer moved between the last two votes', () => {
    expect(changedAnswer(MINE.polls[0]!.rounds)).toBe(true);
    expect(changedAnswer([MINE.polls[0]!.rounds[0]!, MINE.polls[0]!.rounds[0]!])).toBe(false);
    expect(changedAnswer(MINE.polls[1]!.rounds)).toBeUndefined();
  });

  it('sets the reminder four weeks after the session by default', () => {
    expect(defaultReminderDay(MINE, Date.now())).toBe('2027-01-04');
    expect(defaultReminderDay({ ...MINE, endedAt: null }, new Date(2027, 0, 31, 12).getTime())).toBe('2027-02-28');
    expect(localDay(new Date(2027, 2, 5, 23, 59).getTime())).toBe('2027-03-05');
  });
});

describe('the reminder as a calendar file', () => {
  it('is one all-day event on the chosen day, reminding that morning, with the commitment in it', () => {
    const file = reminderFile(MINE, '2027-01-04', MINE_WORDS.en, new Date(Date.UTC(2026, 11, 7, 18, 0)), 'abc123');
    const calendar = new ICAL.Component(ICAL.parse(file));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Review your plan: Mentor-Mentee Relationships');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2027-01-04');
    expect(event.endDate.toString()).toBe('2027-01-05');
    expect(event.uid).toBe('abc123@parley');
    expect(event.description).toContain('Draft a plan with timelines');
    // Commas, semicolons and quotes come back as written.
    expect(event.description).toContain('“Email Dr. X, three times; "soon"”');
    const alarm = event.component.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('PT9H');
    expect(file.split('\r\n').at(-1)).toBe('');
  });

  it('folds long lines at 75 octets without cutting a character, and they read back whole', () => {
    const description = `${'Überprüfen Sie Ihren Plan — '.repeat(12)}✓`;
    const file = allDayReminderIcs({ uid: 'x@parley', stamp: new Date(0), date: '2027-12-31', summary: 'Plan', description, alarmHour: 9 });
    for (const line of file.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(file)).getFirstSubcomponent('vevent')!);
    expect(event.description).toBe(description);
    expect(event.endDate.toString()).toBe('2028-01-01');
  });
});
