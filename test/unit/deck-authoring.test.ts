// The deck format's authoring features, as a specification: theme and accent, slide ids, branch
// links from poll options, poll timers and images next to the deck, each with its errors.
// docs/deck-format.md documents them for authors.
import { describe, expect, it } from 'vitest';
import { DECK_THEMES } from '../../server/deck/types.js';
import { deckWith, errorsOf, expectOnlyError, parseOk, poll, source } from '../helpers/deck-source.js';

describe('theme and accent', () => {
  const withMeta = (...meta: string[]) => source('---', 'title: T', ...meta, '---', '# A');

  it('reads a reveal.js theme and an accent colour from the front matter', () => {
    expect(parseOk(withMeta('theme: moon', 'accent: "#1a7f5a"')).meta).toEqual({
      title: 'T',
      theme: 'moon',
      accent: '#1a7f5a',
    });
  });

  it('accepts every bundled theme', () => {
    for (const theme of DECK_THEMES) expect(parseOk(withMeta(`theme: ${theme}`)).meta.theme).toBe(theme);
  });

  it('leaves both out when the front matter does not set them', () => {
    expect(parseOk(withMeta()).meta).toEqual({ title: 'T' });
  });

  it('normalises the accent to lower-case #rrggbb, from #rgb too', () => {
    expect(parseOk(withMeta('accent: "#ABC"')).meta.accent).toBe('#aabbcc');
    expect(parseOk(withMeta("accent: '#C0FFEE'")).meta.accent).toBe('#c0ffee');
  });

  it('takes an unquoted accent as written, although YAML reads "#…" as a comment', () => {
    expect(parseOk(withMeta('accent: #1A7F5A')).meta.accent).toBe('#1a7f5a');
    expect(parseOk(withMeta('accent: #fa0', 'theme: sky')).meta).toMatchObject({ accent: '#ffaa00', theme: 'sky' });
  });

  it('reports an unknown theme at its line, naming the allowed ones', () => {
    expectOnlyError(withMeta('theme: midnight'), 3, `unknown theme "midnight" (allowed: ${DECK_THEMES.join(', ')})`);
    expectOnlyError(withMeta('theme:'), 3, 'unknown theme ""');
  });

  it.each(['red', '"#12345"', '"1a7f5a"', '"#ggg"', '"#1a7f5a80"', ''])('reports accent: %s at its line', (value) => {
    expectOnlyError(withMeta(`accent: ${value}`), 3, '"accent" must be a colour written #rgb or #rrggbb, e.g. "#1a7f5a"');
  });
});

describe('slide ids', () => {
  it('come from {#id} at the end of the first heading, which the title and the HTML leave out', () => {
    const deck = parseOk(deckWith('## The case {#the-case}', 'Text', '---', '# Next'));
    expect(deck.slides[0]).toMatchObject({ id: 'the-case', title: 'The case', html: '<h2>The case</h2>\n<p>Text</p>\n' });
    expect(deck.slides[1]).not.toHaveProperty('id');
  });

  it('are read from headings with Markdown in them and from underlined headings', () => {
    const deck = parseOk(deckWith('# Dr. *X* responds   {#drx_1}', '---', 'Response B {#b}', '======'));
    expect(deck.slides.map((s) => [s.id, s.title])).toEqual([
      ['drx_1', 'Dr. X responds'],
      ['b', 'Response B'],
    ]);
    expect(deck.slides[0]?.html).toBe('<h1>Dr. <em>X</em> responds</h1>\n');
  });

  it('are only read from the first heading: later ones keep their text', () => {
    const deck = parseOk(deckWith('# First', '## Second {#second}'));
    expect(deck.slides[0]).not.toHaveProperty('id');
    expect(deck.slides[0]?.html).toContain('<h2>Second {#second}</h2>');
  });

  it('report an invalid id at the heading line, also when a poll block stands above the heading', () => {
    expectOnlyError(deckWith('# A {#my slide}'), 4, 'invalid slide id "{#my slide}": ids may only contain letters, digits');
    expectOnlyError(deckWith(...poll('id: q', 'type: yesno', 'question: Q?'), '', '# A {#-a}'), 10, 'invalid slide id "{#-a}"');
  });

  it('report a duplicate id at the later heading, naming the line of the first', () => {
    expectOnlyError(
      deckWith('# A {#same}', '---', 'Intro', '', '## B {#same}'),
      8,
      'duplicate slide id "same": already used by the slide heading on line 4',
    );
  });
});

describe('branch links', () => {
  const branching = deckWith(
    '# How should you respond? {#question}', //     4
    ...poll(
      'id: respond', //                              6
      'type: single',
      'question: How should you respond?',
      'options:',
      '  talk: Talk to them -> #talk', //           10
      '  wait: "Wait and see -> #wait"',
      '  ask: Ask the director ->#question-2',
      '  none: Do nothing',
    ),
    '--',
    '## Talking {#talk}', //                         16
    '--',
    '## Waiting {#wait}',
    '---',
    '## Another question {#question-2}', //          20
    ...poll('id: again', 'type: multi', 'question: Again?', 'options:', '  back: Back to the start -> #question', '  on: Go on -> #talk'),
  );
  const deck = parseOk(branching);

  it('take the label before the arrow and go to the slide with that id, written with or without quotes', () => {
    expect(deck.polls[0]?.options).toEqual([
      { id: 'talk', label: 'Talk to them', goto: { h: 0, v: 1 } },
      { id: 'wait', label: 'Wait and see', goto: { h: 0, v: 2 } },
      { id: 'ask', label: 'Ask the director', goto: { h: 1, v: 0 } },
      { id: 'none', label: 'Do nothing' },
    ]);
  });

  it('may link back to an earlier slide, from the last option line of a block', () => {
    expect(deck.polls[1]?.options).toEqual([
      { id: 'back', label: 'Back to the start', goto: { h: 0, v: 0 } },
      { id: 'on', label: 'Go on', goto: { h: 0, v: 1 } },
    ]);
  });

  const linking = (...options: string[]) =>
    deckWith('# Q {#q}', ...poll('id: q', 'type: single', 'question: Q?', 'options:', ...options), '---', '# Target {#target}');

  it('report a link to an id no slide has at the option line', () => {
    expectOnlyError(linking('  a: A -> #tagret', '  b: B'), 10, 'option "a" links to #tagret, but no slide has the id "tagret"');
  });

  it("report a link to the poll's own slide", () => {
    expectOnlyError(linking('  a: A -> #target', '  b: B -> #q'), 11, 'option "b" links to #q, the slide its own poll is on');
  });

  it('report an arrow without a slide id, and a target that is not a valid id', () => {
    expectOnlyError(linking('  a: A ->', '  b: B'), 10, 'option "a" has "->" but no "#slide-id" after it');
    expectOnlyError(linking('  a: "A -> #"', '  b: B'), 10, 'option "a" links to "#", which is not a valid slide id');
    expectOnlyError(linking('  a: A -> #tar get', '  b: B'), 10, 'option "a" links to "#tar get", which is not a valid slide id');
  });

  it('report a link without a label as an option without a label', () => {
    expectOnlyError(linking('  a: -> #target', '  b: B'), 10, 'option "a" has no label');
  });
});

describe('poll timers', () => {
  const timed = (type: string, ...keys: string[]) =>
    parseOk(deckWith('# Q', ...poll('id: q', `type: ${type}`, 'question: Q?', ...keys, 'timer: 45'))).polls[0];

  it.each([
    ['single', 'options:', '  a: A', '  b: B'],
    ['multi', 'options:', '  a: A', '  b: B'],
    ['rank', 'options:', '  a: A', '  b: B'],
    ['yesno'],
    ['scale'],
    ['text'],
    ['qa'],
  ])('are allowed on a %s poll, in whole seconds', (type, ...keys) => {
    expect(timed(type, ...keys)?.timer).toBe(45);
  });

  it('range from 5 seconds to an hour, and are left out when not set', () => {
    const timer = (value?: string) =>
      parseOk(deckWith('# Q', ...poll('id: q', 'type: yesno', 'question: Q?', ...(value ? [`timer: ${value}`] : [])))).polls[0];
    expect(timer('5')?.timer).toBe(5);
    expect(timer('3600')?.timer).toBe(3600);
    expect(timer()).not.toHaveProperty('timer');
  });

  it.each(['4', '3601', '0', '-10', '2.5', '30s', '""'])('refuse timer: %s, on its line', (value) => {
    expectOnlyError(
      deckWith('# Q', ...poll('id: q', 'type: yesno', 'question: Q?', `timer: ${value}`)),
      9,
      '"timer" must be a whole number of seconds from 5 to 3600',
    );
  });
});

describe('images', () => {
  it('next to the deck load from /decks/<deck>/files/<path>, relative to the deck file', () => {
    const deck = parseOk(deckWith('# Team', '![The team](images/team.png "Us") and ![Logo](./logo.SVG)', '', '![Map](images/old/../map.webp)'));
    expect(deck.slides[0]?.html).toBe(
      '<h1>Team</h1>\n' +
        '<p><img src="/decks/test/files/images/team.png" alt="The team" title="Us"> and ' +
        '<img src="/decks/test/files/logo.SVG" alt="Logo"></p>\n' +
        '<p><img src="/decks/test/files/images/map.webp" alt="Map"></p>\n',
    );
  });

  it('keep names with spaces and accents, encoded in the URL', () => {
    const html = parseOk(deckWith('![A](<images/équipe 2.jpeg>)')).slides[0]?.html;
    expect(html).toContain('src="/decks/test/files/images/%C3%A9quipe%202.jpeg"');
  });

  it('in speaker notes load from the same place', () => {
    expect(parseOk(deckWith('# A', 'Note: ![Plan](plan.gif)')).slides[0]?.notes).toBe('<p><img src="/decks/test/files/plan.gif" alt="Plan"></p>\n');
  });

  it('may be data: URIs, which need no request', () => {
    const src = 'data:image/png;base64,iVBORw0KGgo=';
    expect(parseOk(deckWith(`![Dot](${src})`)).slides[0]?.html).toContain(`src="${src}"`);
  });

  it('leave links alone: only images are loaded by the page', () => {
    expect(parseOk(deckWith('[Handout](handout.pdf) and [site](https://example.org)')).slides[0]?.html).toBe(
      '<p><a href="handout.pdf">Handout</a> and <a href="https://example.org">site</a></p>\n',
    );
  });

  it('on another host are an error at the line of the image', () => {
    expectOnlyError(
      deckWith('# A', 'Text on line 5', 'and ![Logo](https://example.org/logo.png) on line 6'),
      6,
      'image "https://example.org/logo.png" is on another host: images must be files next to the deck (e.g. images/team.png), as Parley makes no request to outside hosts',
    );
    expectOnlyError(deckWith('![Logo](//example.org/logo.png)'), 4, 'is on another host');
  });

  it('with an absolute path, outside the slides folder, a dot file or not an image are errors', () => {
    expectOnlyError(deckWith('![A](/etc/logo.png)'), 4, 'image "/etc/logo.png": write the path relative to the deck file');
    expectOnlyError(deckWith('![A](images/../../secret.png)'), 4, 'image "images/../../secret.png" cannot be shown: it is outside the slides folder');
    expectOnlyError(deckWith('![A](.cache/a.png)'), 4, 'names starting with "." are not served');
    expectOnlyError(deckWith('![A](notes.txt)'), 4, 'only png, jpg, jpeg, gif, webp, avif, svg files are served');
    expectOnlyError(deckWith('![A](images)'), 4, 'only png, jpg, jpeg, gif, webp, avif, svg files are served');
  });

  it('are errors at their own line in a table and in a list', () => {
    expectOnlyError(deckWith('| a | b |', '|---|---|', '| x | y |', '| ![A](http://x.org/a.png) | z |'), 7, 'on another host');
    expectOnlyError(deckWith('- one', '- two', '  ![A](../a.png)'), 6, 'outside the slides folder');
  });

  it('are looked for next to the deck when the caller says how, by their canonical path', () => {
    const asked: string[] = [];
    const imageExists = (path: string) => {
      asked.push(path);
      return path === 'images/team.png';
    };
    expect(parseOk(deckWith('![A](./images/team.png)'), { imageExists }).slides[0]?.html).toContain('/files/images/team.png');
    expectOnlyError(deckWith('# A', '![B](images/missing.png)'), 5, 'image "images/missing.png" not found: no such file next to the deck', {
      imageExists,
    });
    expect(asked).toEqual(['images/team.png', 'images/missing.png']);
  });
});

describe('every authoring error at once', () => {
  it('is reported, each at its line, in file order', () => {
    const errors = errorsOf(
      source(
        '---', //                                     1
        'title: T',
        'theme: neon',
        'accent: teal',
        '---', //                                     5
        '# A {#a}',
        '![X](http://example.org/x.png)',
        ...poll(
          'id: q', //                                 9
          'type: single', //                          10
          'timer: 2',
          'question: Q?',
          'options:',
          '  x: X -> #nowhere',
          '  y: Y -> #a', //                          15
        ),
        '---',
        '# B {#a}',
      ),
    );
    expect(errors.map((e) => [e.line, e.message.replace(/:.*$/, '')])).toEqual([
      [3, 'unknown theme "neon" (allowed'],
      [4, '"accent" must be a colour written #rgb or #rrggbb, e.g. "#1a7f5a" (found "teal")'],
      [7, 'image "http'],
      [11, '"timer" must be a whole number of seconds from 5 to 3600'],
      [14, 'option "x" links to #nowhere, but no slide has the id "nowhere" (give a slide\'s first heading "{#nowhere}" at its end)'],
      [15, 'option "y" links to #a, the slide its own poll is on'],
      [18, 'duplicate slide id "a"'],
    ]);
  });
});
