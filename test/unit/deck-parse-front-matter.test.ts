// The front matter stage, as a specification: where the YAML between the first two `---` lines
// ends, and the deck's meta read from it, each error at its line in the file.
import { describe, expect, it } from 'vitest';
import { findFrontMatter, readMeta } from '../../server/deck/parse/front-matter.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';
import { DECK_THEMES } from '../../server/deck/types.js';

/** A file whose entry N is line N. */
const file = (...lines: string[]) => new SourceLines(lines.join('\n'));
const errors = (report: Reporter) => report.errors.map((e) => [e.line, e.message]);

function findEnd(...lines: string[]) {
  const report = new Reporter('deck.md');
  return { end: findFrontMatter(file(...lines), report), errors: errors(report) };
}

/** The meta of a file made of `---`, the given YAML lines, `---` and one slide. */
function meta(...yaml: string[]) {
  const src = file('---', ...yaml, '---', '# Slide');
  const report = new Reporter('deck.md');
  return { meta: readMeta(src, yaml.length + 2, report), errors: errors(report) };
}

describe('finding the front matter', () => {
  it('ends at the first "---" line after the opening one', () => {
    expect(findEnd('---', 'title: T', '---', '# A', '---', '# B')).toEqual({ end: 3, errors: [] });
  });

  it('allows trailing whitespace on both "---" lines, and an empty front matter', () => {
    expect(findEnd('---  ', 'title: T', '---\t', '# A').end).toBe(3);
    expect(findEnd('---', '---', '# A').end).toBe(2);
  });

  it('reports a file that does not start with "---" at line 1', () => {
    expect(findEnd('title: T', '---', '# A')).toEqual({
      end: undefined,
      errors: [[1, 'missing front matter: the file must start with a "---" line, then YAML with a title, then "---"']],
    });
    expect(findEnd('', '---', 'title: T', '---').end).toBeUndefined();
    expect(findEnd('--', 'title: T', '---').end).toBeUndefined();
  });

  it('reports front matter without a closing "---" at line 1', () => {
    expect(findEnd('---', 'title: T', '# A', '--')).toEqual({ end: undefined, errors: [[1, 'unterminated front matter: no closing "---" line']] });
  });
});

describe('the meta', () => {
  it('needs only a title', () => {
    expect(meta('title: Mentoring')).toEqual({ meta: { title: 'Mentoring' }, errors: [] });
  });

  it('reads subtitle, author, theme and accent as well, trimmed', () => {
    expect(meta('title:  Mentoring ', 'subtitle: A case', 'author: Residency', 'theme: moon', 'accent: "#1A7F5A"').meta).toEqual({
      title: 'Mentoring',
      subtitle: 'A case',
      author: 'Residency',
      theme: 'moon',
      accent: '#1a7f5a',
    });
  });

  it('takes a title YAML would read as a number as the text written', () => {
    expect(meta('title: 2024').meta).toEqual({ title: '2024' });
  });

  it('accepts every bundled theme', () => {
    for (const theme of DECK_THEMES) expect(meta('title: T', `theme: ${theme}`).meta?.theme).toBe(theme);
  });

  it('writes the accent as lower-case #rrggbb, from #rgb too, and takes it unquoted although YAML reads it as a comment', () => {
    expect(meta('title: T', 'accent: "#ABC"').meta?.accent).toBe('#aabbcc');
    expect(meta('title: T', 'accent: #1A7F5A').meta?.accent).toBe('#1a7f5a');
    expect(meta('title: T', 'accent: #fa0').meta?.accent).toBe('#ffaa00');
  });

  it('reports a missing title at line 1, and an empty one at its line', () => {
    expect(meta('author: A')).toEqual({ meta: undefined, errors: [[1, 'front matter is missing "title"']] });
    expect(meta('author: A', 'title: ""')).toEqual({ meta: undefined, errors: [[3, '"title" must be non-empty text']] });
  });

  it('reports an empty subtitle or author at its line, keeping the rest of the meta', () => {
    expect(meta('title: T', 'subtitle:', 'author: "  "')).toEqual({
      meta: { title: 'T' },
      errors: [
        [3, '"subtitle" must be non-empty text'],
        [4, '"author" must be non-empty text'],
      ],
    });
  });

  it('reports an unknown theme at its line, naming the allowed ones', () => {
    expect(meta('title: T', 'theme: midnight').errors).toEqual([[3, `unknown theme "midnight" (allowed: ${DECK_THEMES.join(', ')})`]]);
    expect(meta('title: T', 'theme:').errors).toEqual([[3, expect.stringContaining('unknown theme ""')]]);
  });

  it('reports an accent that is not #rgb or #rrggbb at its line, with what it found', () => {
    expect(meta('title: T', 'accent: red').errors).toEqual([[3, '"accent" must be a colour written #rgb or #rrggbb, e.g. "#1a7f5a" (found "red")']]);
    for (const value of ['"#12345"', '"1a7f5a"', '"#ggg"', '"#1a7f5a80"', '']) {
      expect(meta('title: T', `accent: ${value}`).errors).toEqual([[3, expect.stringContaining('"accent" must be a colour')]]);
    }
  });

  it('reads results: live (every poll live), and results: revealed as the default it is', () => {
    expect(meta('title: T', 'results: live')).toEqual({ meta: { title: 'T', results: 'live' }, errors: [] });
    expect(meta('title: T', 'results: revealed')).toEqual({ meta: { title: 'T' }, errors: [] });
    expect(meta('title: T').meta).not.toHaveProperty('results');
  });

  it('reports any other results value at its line, with what it found', () => {
    const message = (found: string) =>
      `"results" must be "live" (results shown as answers come in) or "revealed" (hidden on the projector until revealed), found "${found}"`;
    expect(meta('title: T', 'results: always').errors).toEqual([[3, message('always')]]);
    expect(meta('title: T', 'author: A', 'results: Live').errors).toEqual([[4, message('Live')]]);
    expect(meta('title: T', 'results:').errors).toEqual([[3, message('')]]);
    expect(meta('title: T', 'results: [live]').errors).toEqual([[3, message('')]]);
  });

  it('reports an unknown key at its line, naming the allowed ones', () => {
    expect(meta('title: T', 'titel: T')).toEqual({
      meta: { title: 'T' },
      errors: [
        [3, 'unknown key "titel" in front matter (allowed: title, subtitle, author, theme, accent, results, roles, duration, self-paced-results)'],
      ],
    });
  });

  it('reports YAML that is not "key: value" lines at its first line', () => {
    expect(meta('- title', '- author')).toEqual({ meta: undefined, errors: [[2, 'front matter must be YAML "key: value" lines']] });
  });

  it('reports invalid YAML at its line, and nothing else about the meta', () => {
    expect(meta('title: T', 'author: "unclosed')).toEqual({
      meta: undefined,
      errors: [[3, expect.stringMatching(/^invalid YAML in front matter: /)]],
    });
  });

  it('reports every problem of the meta at once', () => {
    expect(meta('subtitle: ""', 'theme: neon', 'accent: blue').errors.map(([line]) => line)).toEqual([1, 2, 3, 4]);
  });
});
