// Reading one slide, as a specification: its body and notes rendered, its `{#id}`, the poll on
// it, and the problems of its images, each at its line in the file.
import { describe, expect, it } from 'vitest';
import { findFences } from '../../server/deck/parse/fences.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { type DeckContext, parseSlide } from '../../server/deck/parse/slide.js';
import { SourceLines } from '../../server/deck/parse/source.js';
import type { ImageTarget } from '../../server/deck/render.js';

/** Images under images/ exist (and are served from /img/); any other is missing. */
const image = (src: string): ImageTarget => (src.startsWith('images/') ? { src: `/img/${src}` } : { problem: `no image "${src}"` });

/**
 * Reads a slide that is the whole file after one line (entry N is line N, so the slide starts on
 * line 2), at position 1.0 and numbered "2".
 */
function slide(...lines: string[]) {
  const src = new SourceLines(['---', ...lines].join('\n'));
  const report = new Reporter('deck.md');
  const context: DeckContext = {
    src,
    report,
    fences: findFences(src, 2, report),
    pollLines: new Map(),
    slideIds: new Map(),
    links: [],
    image,
  };
  const part = { opener: 1, from: 2, to: src.last + 1, position: { h: 1, v: 0 }, number: '2' };
  const read = parseSlide(part, context);
  return { ...read, errors: report.errors.map((e) => [e.line, e.message]), context };
}

describe('a slide', () => {
  it('has its position, number, first line, title and rendered body', () => {
    const { slide: read, poll, errors } = slide('## The *case*', '', 'Text');
    expect(errors).toEqual([]);
    expect(poll).toBeUndefined();
    expect(read).toEqual({
      position: { h: 1, v: 0 },
      number: '2',
      title: 'The case',
      html: '<h2>The <em>case</em></h2>\n<p>Text</p>\n',
      notes: '',
      line: 2,
    });
  });

  it('renders its notes apart from its body', () => {
    const { slide: read } = slide('# T', 'Body', 'Note: Say *this*.');
    expect(read.html).toBe('<h1>T</h1>\n<p>Body</p>\n');
    expect(read.notes).toBe('<p>Say <em>this</em>.</p>\n');
  });

  it('takes its id from the end of its first heading, registered for branch links', () => {
    const { slide: read, context } = slide('# Start {#start}', '## Later {#later}');
    expect(read).toMatchObject({ id: 'start', title: 'Start' });
    expect([...context.slideIds]).toEqual([['start', { position: { h: 1, v: 0 }, line: 2 }]]);
  });

  it('reports an invalid id at the line of its heading, below the slide’s first line', () => {
    const { slide: read, errors } = slide('', 'Intro', '', '# T {#a b}');
    expect(read).not.toHaveProperty('id');
    expect(errors).toEqual([
      [5, 'invalid slide id "{#a b}": ids may only contain letters, digits, "-" and "_", and must start with a letter or digit'],
    ]);
  });

  it('does not take an id from a heading in its notes', () => {
    expect(slide('Text', 'Note:', '# N {#n}').slide).not.toHaveProperty('id');
  });

  it('reports an image that cannot be shown at its file line, in the body and in the notes', () => {
    const { slide: read, errors } = slide(
      '# T',
      '![ok](images/a.png)',
      '',
      'Text',
      '![gone](x.png)',
      '```poll',
      'id: p',
      'type: yesno',
      'question: Q?',
      '```',
      'Note:',
      '![also](y.png)',
    );
    expect(read.html).toContain('src="/img/images/a.png"');
    expect(errors).toEqual([
      [6, 'no image "x.png"'],
      [13, 'no image "y.png"'],
    ]);
  });
});

describe('the poll on a slide', () => {
  const yesno = (id: string) => ['```poll', `id: ${id}`, 'type: yesno', 'question: Q?', '```'];

  it('is read with the slide’s position, and the slide names it; neither body nor notes show it', () => {
    const { slide: read, poll } = slide('# T', ...yesno('p'), 'Note: n');
    expect(poll).toMatchObject({ id: 'p', type: 'yesno', slide: { h: 1, v: 0 }, line: 3 });
    expect(read.pollId).toBe('p');
    expect(read.html).toBe('<h1>T</h1>\n');
    expect(read.notes).toBe('<p>n</p>\n');
  });

  it('may also sit in the notes, still hidden from them', () => {
    const { slide: read, poll } = slide('# T', 'Note: n', ...yesno('p'));
    expect(poll?.line).toBe(4);
    expect(read.notes).toBe('<p>n</p>\n');
  });

  it('is one per slide: each further poll block is reported at its fence, naming the first', () => {
    const { poll, errors } = slide('# T', ...yesno('a'), ...yesno('b'), ...yesno('c'));
    expect(poll?.id).toBe('a');
    expect(errors).toEqual([
      [8, 'only one poll per slide: this slide already has a poll on line 3'],
      [13, 'only one poll per slide: this slide already has a poll on line 3'],
    ]);
  });

  it('is not read from an unterminated fence, which the fence stage reports', () => {
    const { slide: read, poll, errors } = slide('# T', '```poll', 'id: p', 'type: yesno', 'question: Q?');
    expect(poll).toBeUndefined();
    expect(read).not.toHaveProperty('pollId');
    expect(errors).toEqual([[3, 'unterminated code fence: no closing ``` line']]);
  });

  it('leaves the slide without a poll id when the block has errors', () => {
    const { slide: read, poll, errors } = slide('# T', '```poll', 'id: p', 'type: yesno', '```');
    expect(poll).toBeUndefined();
    expect(read).not.toHaveProperty('pollId');
    expect(errors).toEqual([[3, 'poll is missing "question"']]);
  });

  it('is only a ```poll fence: other code blocks stay in the body', () => {
    const { slide: read, poll } = slide('```yaml', 'id: p', '```');
    expect(poll).toBeUndefined();
    expect(read.html).toContain('<code class="language-yaml">');
  });
});
