// Self-paced sessions: the deck's `self-paced-results`, the command line's window, and the
// session's rules (polls opened without timers, answers only inside the window).
import { describe, expect, it } from 'vitest';
import { readMeta } from '../../server/deck/parse/front-matter.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';
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

  it('tells every phone the same: its window and results rule', () => {
    expect(session(window).audienceState().selfPaced).toEqual({ ...window, results: 'after-answer' });
    expect(session(null).audienceState().selfPaced).toBeUndefined();
  });
});
