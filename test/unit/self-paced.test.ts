// Self-paced sessions: the deck's `self-paced-results`, the command line's window, and the
// session's rules (polls opened without timers, answers only inside the window).
import { describe, expect, it } from 'vitest';
import { readMeta } from '../../server/deck/parse/front-matter.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';
import { branchesOf, nextSlide } from '../../audience/paced/nav.js';
import { DEFAULT_SELF_PACED_DAYS, selfPacedWindow } from '../../server/cli/self-paced.js';
import { Session } from '../../server/session/session.js';
import { deckFrom, TIMED_DECK } from '../helpers/decks.js';

function meta(...yaml: string[]) {
  const report = new Reporter('deck.md');
  const result = readMeta(new SourceLines(['---', ...yaml, '---', '# Slide'].join('\n')), yaml.length + 2, report);
  return { meta: result, errors: report.errors.map((e) => [e.line, e.message]) };
}

describe('self-paced-results in the front matter', () => {
  it('reads after-answer and never; absent is left out (after-answer applies)', () => {
    expect(meta('title: T', 'self-paced-results: never').meta).toEqual({ title: 'T', selfPacedResults: 'never' });
    expect(meta('title: T', 'self-paced-results: after-answer').meta).toEqual({ title: 'T', selfPacedResults: 'after-answer' });
    expect(meta('title: T').meta).toEqual({ title: 'T' });
  });

  it('reports any other value at its line', () => {
    expect(meta('title: T', 'self-paced-results: always').errors).toEqual([
      [3, '"self-paced-results" must be "after-answer" (a participant sees a poll\'s results once they answered it) or "never", found "always"'],
    ]);
  });
});

describe('npm start -- --self-paced', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('is a live session without it', () => {
    expect(selfPacedWindow([], now)).toBeNull();
    expect(selfPacedWindow(['--dev'], now)).toBeNull();
  });

  it('opens now for a week by default, or as given', () => {
    expect(selfPacedWindow(['--self-paced'], now)).toEqual({ opens: now, closes: now + DEFAULT_SELF_PACED_DAYS * 86_400_000 });
    expect(selfPacedWindow(['--self-paced', '--opens', '2026-12-01', '--closes', '2026-12-08T17:00Z'], now)).toEqual({
      opens: Date.parse('2026-12-01'),
      closes: Date.parse('2026-12-08T17:00Z'),
    });
  });

  it('refuses a window that closes before it opens, a date it cannot read, and --opens alone', () => {
    expect(() => selfPacedWindow(['--self-paced', '--opens', '2026-12-08', '--closes', '2026-12-01'], now)).toThrow(/must be after/);
    expect(() => selfPacedWindow(['--self-paced', '--closes', 'friday'], now)).toThrow(/--closes must be a date/);
    expect(() => selfPacedWindow(['--opens', '2026-12-01'], now)).toThrow(/go with --self-paced/);
  });
});

describe('a self-paced session', () => {
  const deck = deckFrom(TIMED_DECK, 'timed.md');
  const window = { opens: 1000, closes: 2000 };
  const session = (selfPaced: typeof window | null) =>
    new Session({ code: 'ABCDE', deck, createdAt: 0, endedAt: null, slide: { h: 0, v: 0 }, selfPaced }, [], () => 1500);

  it('opens a poll without its timer, and refuses to start one', () => {
    const { next } = session(window).decideControl('quick', 'open', 1500);
    expect(next).toMatchObject({ status: 'open', timer: null });
    expect(session(null).decideControl('quick', 'open', 1500).next?.timer).not.toBeNull();
    expect(() => session(window).decideTimer('quick', 30, 1500)).toThrow(/no poll timers/);
  });

  it('takes answers only inside its window; a live session always', () => {
    expect(() => session(window).checkWindow(999)).toThrow(/opens on 1970/);
    expect(() => session(window).checkWindow(1000)).not.toThrow();
    expect(() => session(window).checkWindow(2000)).toThrow(/closed on 1970/);
    expect(() => session(null).checkWindow(0)).not.toThrow();
  });

  it('tells every phone the same: its window, results rule and the polls not open', () => {
    // Sessions.create opens every poll; a Session built bare has opened none yet.
    expect(session(window).audienceState().selfPaced).toEqual({ ...window, results: 'after-answer', closed: deck.polls.map((p) => p.id) });
    expect(session(null).audienceState().selfPaced).toBeUndefined();
  });
});

describe('where a self-paced phone goes next', () => {
  const slides = (positions: [number, number, string?, string?][]) =>
    positions.map(([h, v, id, pollId]) => ({
      position: { h, v },
      number: `${h + 1}`,
      title: '',
      html: '',
      ...(id && { id }),
      ...(pollId && { pollId }),
    }));
  const poll = (id: string, options: [string, [number, number]?][]) => ({
    id,
    type: 'single' as const,
    question: '?',
    options: options.map(([o, goto]) => ({ id: o, label: o, ...(goto && { goto: { h: goto[0], v: goto[1] } }) })),
  });
  // BRANCHING_DECK's shape: the poll, three branches side by side, the debrief.
  const flat = {
    slides: slides([
      [0, 0],
      [1, 0, undefined, 'path'],
      [2, 0, 'talk'],
      [3, 0, 'wait'],
      [4, 0, 'escalate'],
      [5, 0],
    ]),
    polls: [
      poll('path', [
        ['talk', [2, 0]],
        ['wait', [3, 0]],
        ['escalate', [4, 0]],
      ]),
    ],
  };
  // The mentoring deck's shape: the branches down a vertical stack, two slides in the first.
  const stacked = {
    slides: slides([
      [0, 0, undefined, 'path'],
      [0, 1, 'a'],
      [0, 2],
      [0, 3, 'b'],
      [1, 0],
    ]),
    polls: [poll('path', [['a', [0, 1]], ['b', [0, 3]], ['none']])],
  };

  it('follows the participant’s own choice, and waits for it', () => {
    expect(nextSlide(flat, 0, () => undefined)).toBe(1);
    expect(nextSlide(flat, 1, () => undefined)).toBeNull();
    expect(nextSlide(flat, 1, () => ['wait'])).toBe(3);
    expect(nextSlide(stacked, 0, () => ['b'])).toBe(3);
  });

  it('from a branch, on past the others; down a branch’s own stack first', () => {
    expect(nextSlide(flat, 2, () => ['talk'])).toBe(5);
    expect(nextSlide(flat, 4, () => ['escalate'])).toBe(5);
    expect(nextSlide(stacked, 1, () => ['a'])).toBe(2);
    expect(nextSlide(stacked, 2, () => ['a'])).toBe(4);
    expect(nextSlide(stacked, 3, () => ['b'])).toBe(4);
    expect(branchesOf(stacked)).toEqual([-1, 1, 1, 3, -1]);
  });

  it('an option leading nowhere carries on after the branches; the last slide leads nowhere', () => {
    expect(nextSlide(stacked, 0, () => ['none'])).toBe(4);
    expect(nextSlide(flat, 5, () => undefined)).toBeNull();
  });
});
