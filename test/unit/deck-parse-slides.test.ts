// The slide boundaries stage, as a specification: code fences (whose lines are content), then the
// `---` and `--` separators that cut the rest of the file into slides and vertical stacks.
import { describe, expect, it } from 'vitest';
import { findFences, inFence } from '../../server/deck/parse/fences.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { checkNotEmpty, splitSlides } from '../../server/deck/parse/slides.js';
import { SourceLines } from '../../server/deck/parse/source.js';

/** A file whose entry N is line N. */
const file = (...lines: string[]) => new SourceLines(lines.join('\n'));
const errors = (report: Reporter) => report.errors.map((e) => [e.line, e.message]);

function fences(...lines: string[]) {
  const report = new Reporter('deck.md');
  return { fences: findFences(file(...lines), 1, report), errors: errors(report) };
}

/** The slides of a deck whose front matter ends on line 1 (a `---` there), then `lines` from line 2. */
function slides(...lines: string[]) {
  const src = file('---', ...lines);
  const report = new Reporter('deck.md');
  const parts = splitSlides(src, 1, findFences(src, 2, report));
  checkNotEmpty(src, parts, 1, report);
  return { parts, errors: errors(report) };
}
const shape = (parts: ReturnType<typeof slides>['parts']) => parts.map((p) => [p.number, p.from, p.to]);

describe('code fences', () => {
  it('run from an opening ``` or ~~~ line to the next closing one, with the info string trimmed', () => {
    expect(fences('text', '```js', 'code', '```', '~~~ poll ', 'id: a', '~~~').fences).toEqual([
      { open: 2, end: 4, closed: true, info: 'js' },
      { open: 5, end: 7, closed: true, info: 'poll' },
    ]);
  });

  it('close only with the same character, at least as many of them, and nothing else on the line', () => {
    const found = fences('````poll', '```', '~~~~', '```` trailing', '`````', 'after').fences;
    expect(found).toEqual([{ open: 1, end: 5, closed: true, info: 'poll' }]);
  });

  it('take up to 3 spaces of indent, but not 4 (that is an indented code block)', () => {
    expect(fences('   ```', 'x', '   ```').fences).toHaveLength(1);
    expect(fences('    ```', 'x', '    ```').fences).toEqual([]);
  });

  it('are not opened by backticks whose info string has a backtick (that is inline code)', () => {
    expect(fences('```code``` inline', 'text').fences).toEqual([]);
    expect(fences('~~~ a`b', '~~~').fences).toEqual([{ open: 1, end: 2, closed: true, info: 'a`b' }]);
  });

  it('make fence-like lines inside them content, not fences', () => {
    expect(fences('~~~', '```', '~~~', '```', 'x', '```').fences.map((f) => [f.open, f.end])).toEqual([
      [1, 3],
      [4, 6],
    ]);
  });

  it('report an unterminated fence at its opening line, and run it to the end of the file', () => {
    expect(fences('text', '```poll', 'id: a', '~~~')).toEqual({
      fences: [{ open: 2, end: 4, closed: false, info: 'poll' }],
      errors: [[2, 'unterminated code fence: no closing ``` line']],
    });
    expect(fences('~~~~', 'x').errors).toEqual([[1, 'unterminated code fence: no closing ~~~~ line']]);
  });

  it('hold every line from the opening to the closing one', () => {
    const found = fences('a', '```', 'b', '```', 'c').fences;
    expect([1, 2, 3, 4, 5].map((line) => inFence(line, found))).toEqual([false, true, true, true, false]);
  });
});

describe('slides', () => {
  it('start after the front matter; each "---" starts the next one, numbered from 1', () => {
    const { parts, errors } = slides('# A', '---', '# B', '---', '# C');
    expect(errors).toEqual([]);
    expect(shape(parts)).toEqual([
      ['1', 2, 3],
      ['2', 4, 5],
      ['3', 6, 7],
    ]);
    expect(parts.map((p) => [p.opener, p.position])).toEqual([
      [1, { h: 0, v: 0 }],
      [3, { h: 1, v: 0 }],
      [5, { h: 2, v: 0 }],
    ]);
  });

  it('go down a vertical stack at "--", numbered "h.v" like reveal.js', () => {
    const { parts } = slides('# A', '---', '# B', '--', '# B2', '--', '# B3', '---', '# C');
    expect(parts.map((p) => [p.number, p.position])).toEqual([
      ['1', { h: 0, v: 0 }],
      ['2.1', { h: 1, v: 0 }],
      ['2.2', { h: 1, v: 1 }],
      ['2.3', { h: 1, v: 2 }],
      ['3', { h: 2, v: 0 }],
    ]);
  });

  it('stack the first slide too when a "--" follows it', () => {
    expect(shape(slides('# A', '--', '# A2').parts)).toEqual([
      ['1.1', 2, 3],
      ['1.2', 4, 5],
    ]);
  });

  it('are one slide when the file has no separator', () => {
    expect(shape(slides('# Only', 'text').parts)).toEqual([['1', 2, 4]]);
  });

  it('accept trailing whitespace after a separator, but not indent or more dashes', () => {
    expect(slides('# A', '---  ', '# B', '-- \t', '# C').parts).toHaveLength(3);
    expect(slides('# A', ' ---', '----', '-', '# B').parts).toHaveLength(1);
  });

  it('ignore separators inside code fences, an unterminated one included', () => {
    expect(shape(slides('# A', '```', '---', '--', '```', '---', '# B').parts)).toEqual([
      ['1', 2, 7],
      ['2', 8, 9],
    ]);
    expect(slides('# A', '~~~', '---', '# still A').parts).toHaveLength(1);
  });

  it('report a slide of blank lines at the separator that opens it', () => {
    expect(slides('# A', '---', '', '  ', '---', '# C').errors).toEqual([[3, 'empty slide: only blank lines after this "---"']]);
    expect(slides('# A', '--', '', '--', '# A3').errors).toEqual([[3, 'empty slide: only blank lines after this "--"']]);
  });

  it('report an empty first slide at the end of the front matter, and a "---" at the end of the file as an empty slide', () => {
    expect(slides('', '---', '# B').errors).toEqual([[1, 'empty slide: only blank lines after this "---"']]);
    expect(slides('# A', '---').errors).toEqual([[3, 'empty slide: only blank lines after this "---"']]);
  });

  it('report a deck with nothing after the front matter once, at its end', () => {
    expect(slides('', '').errors).toEqual([[1, 'the deck has no slides: add Markdown after the front matter']]);
    expect(slides('---', '', '--').errors).toEqual([[1, 'the deck has no slides: add Markdown after the front matter']]);
  });
});
