// The speaker notes stage, as a specification: a slide's lines split into the body the audience
// sees and the notes the presenter reads, each line keeping its number in the file.
import { describe, expect, it } from 'vitest';
import { findFences } from '../../server/deck/parse/fences.js';
import { splitNotes } from '../../server/deck/parse/notes.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';

/**
 * The body and notes of a slide that is the whole file (entry N is line N), the lines of its
 * `poll` fences hidden as the slide stage hides them; each line as [number, text].
 */
function split(...lines: string[]) {
  const src = new SourceLines(lines.join('\n'));
  const fences = findFences(src, 1, new Reporter('deck.md'));
  const text = splitNotes(
    src,
    { from: 1, to: src.last + 1 },
    fences,
    fences.filter((f) => f.info === 'poll'),
  );
  return { body: text.body.map((l) => [l.line, l.text]), notes: text.notes.map((l) => [l.line, l.text]) };
}

describe('speaker notes', () => {
  it('start at a "Note:" line and run to the end of the slide; the body is every line before', () => {
    expect(split('# Title', 'Body', 'Note:', 'Say this.', '', 'And this.')).toEqual({
      body: [
        [1, '# Title'],
        [2, 'Body'],
      ],
      notes: [
        [3, ''],
        [4, 'Say this.'],
        [5, ''],
        [6, 'And this.'],
      ],
    });
  });

  it('take the text after "Note:" on its own line, without the marker', () => {
    expect(split('# T', 'Notes: Listen first.').notes).toEqual([[2, ' Listen first.']]);
  });

  it('are marked by Note:, Notes:, NOTE: or notes: alike, at the start of a line only', () => {
    for (const marker of ['Note:', 'Notes:', 'NOTE:', 'notes:']) expect(split('# T', `${marker} x`).notes).toEqual([[2, ' x']]);
    expect(split('# T', ' Note: indented', 'A Note: inside').notes).toEqual([]);
  });

  it('start at the first marker: a later one is part of the notes', () => {
    expect(split('# T', 'Note: one', 'Note: two').notes).toEqual([
      [2, ' one'],
      [3, 'Note: two'],
    ]);
  });

  it('are empty on a slide without a marker, whose every line is body', () => {
    expect(split('# T', '', 'text')).toEqual({
      body: [
        [1, '# T'],
        [2, ''],
        [3, 'text'],
      ],
      notes: [],
    });
  });

  it('are not started by a marker inside a code fence, which stays body', () => {
    expect(split('```', 'Note: code', '```', 'after')).toEqual({
      body: [
        [1, '```'],
        [2, 'Note: code'],
        [3, '```'],
        [4, 'after'],
      ],
      notes: [],
    });
  });

  it('leave out the lines of the poll block, before the notes or in them', () => {
    expect(split('# T', '```poll', 'id: a', '```', 'After')).toEqual({
      body: [
        [1, '# T'],
        [5, 'After'],
      ],
      notes: [],
    });
    expect(split('# T', 'Note: n', '```poll', 'id: a', '```', 'more')).toEqual({
      body: [[1, '# T']],
      notes: [
        [2, ' n'],
        [6, 'more'],
      ],
    });
  });

  it('keep other code fences in the notes', () => {
    expect(split('# T', 'Note:', '```js', 'x', '```').notes.map(([line]) => line)).toEqual([2, 3, 4, 5]);
  });
});
