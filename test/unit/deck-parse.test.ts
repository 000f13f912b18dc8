// The deck format, as a specification: what parseDeck makes of valid decks, and the exact line
// and message of every error. The format itself is documented in docs/deck-format.md.
import { describe, expect, it } from 'vitest';
import { deckWith, errorsOf, expectOnlyError, FILE, FRONT, parseOk, poll, source } from '../helpers/deck-source.js';

describe('a valid deck', () => {
  const text = source(
    '---', //                                                     1
    'title: Mentor-Mentee Relationships',
    'subtitle: A case-based discussion',
    'author: Residency Program',
    '---', //                                                     5
    '',
    '# Mentor-Mentee Relationships',
    '',
    'Opening text in **Markdown**.',
    '', //                                                        10
    'Note:',
    'Speaker notes in *Markdown*.',
    '',
    '---',
    '', //                                                        15
    '## Dr. X responds (A)',
    '',
    '```poll',
    'id: drx-a',
    'type: single', //                                            20
    'question: How should you respond?',
    'options:',
    '  ask-expectations: Ask what the program expects of both of you',
    '  find-another: Quietly look for another mentor',
    '```', //                                                     25
    '',
    'Notes: Listen first.',
    '--',
    '## Pick up to two',
    '~~~poll', //                                                 30
    'id: pick-two',
    'type: multi',
    'limit: 2',
    'question: Which would you try?',
    'options:', //                                                35
    '  email: Email again',
    '  ask: Ask in person',
    '  wait: Wait',
    '~~~',
    '--', //                                                      40
    '## Relationship formed?',
    '```poll',
    'id: formed',
    'type: yesno',
    'unsure: true', //                                            45
    'depends: true',
    'question: Has a relationship been formed?',
    '```',
    '---',
    '## More than one mentor?', //                                50
    '```poll',
    'id: more-than-one',
    'type: yesno',
    'question: Is it okay to have more than one mentor?',
    '```', //                                                     55
    '---',
    'No heading here.',
  );
  const deck = parseOk(text, { file: 'slides/mentoring.md' });

  it('takes its id from the file name without folder or .md', () => {
    expect(deck.id).toBe('mentoring');
  });

  it('reads title, subtitle and author from the front matter', () => {
    expect(deck.meta).toEqual({
      title: 'Mentor-Mentee Relationships',
      subtitle: 'A case-based discussion',
      author: 'Residency Program',
    });
  });

  it('numbers horizontal slides "h" and slides in a vertical stack "h.v", from 1', () => {
    expect(deck.slides.map((s) => [s.number, s.position])).toEqual([
      ['1', { h: 0, v: 0 }],
      ['2.1', { h: 1, v: 0 }],
      ['2.2', { h: 1, v: 1 }],
      ['2.3', { h: 1, v: 2 }],
      ['3', { h: 2, v: 0 }],
      ['4', { h: 3, v: 0 }],
    ]);
  });

  it('starts each slide on the line after its separator (or after the front matter)', () => {
    expect(deck.slides.map((s) => s.line)).toEqual([6, 15, 29, 41, 50, 57]);
  });

  it('takes each slide title from its first heading, or "" without one', () => {
    expect(deck.slides.map((s) => s.title)).toEqual([
      'Mentor-Mentee Relationships',
      'Dr. X responds (A)',
      'Pick up to two',
      'Relationship formed?',
      'More than one mentor?',
      '',
    ]);
  });

  it('renders the body without notes, and the notes from the Note: line to the end of the slide', () => {
    const [opening] = deck.slides;
    expect(opening?.html).toBe('<h1>Mentor-Mentee Relationships</h1>\n<p>Opening text in <strong>Markdown</strong>.</p>\n');
    expect(opening?.notes).toBe('<p>Speaker notes in <em>Markdown</em>.</p>\n');
  });

  it('leaves the poll block out of the body and takes notes text after "Notes:" on the same line', () => {
    const drx = deck.slides[1];
    expect(drx?.html).toBe('<h2>Dr. X responds (A)</h2>\n');
    expect(drx?.notes).toBe('<p>Listen first.</p>\n');
  });

  it('has empty notes on a slide without a Note: line', () => {
    expect(deck.slides[5]).toMatchObject({ html: '<p>No heading here.</p>\n', notes: '' });
  });

  it('links each slide to its poll by id', () => {
    expect(deck.slides.map((s) => s.pollId)).toEqual([undefined, 'drx-a', 'pick-two', 'formed', 'more-than-one', undefined]);
  });

  it('reads a single poll with its options in order, its slide and the line of its fence', () => {
    expect(deck.polls[0]).toEqual({
      id: 'drx-a',
      type: 'single',
      question: 'How should you respond?',
      options: [
        { id: 'ask-expectations', label: 'Ask what the program expects of both of you' },
        { id: 'find-another', label: 'Quietly look for another mentor' },
      ],
      slide: { h: 1, v: 0 },
      line: 18,
    });
  });

  it('reads a multi poll with a limit, in a ~~~ fence', () => {
    expect(deck.polls[1]).toEqual({
      id: 'pick-two',
      type: 'multi',
      question: 'Which would you try?',
      options: [
        { id: 'email', label: 'Email again' },
        { id: 'ask', label: 'Ask in person' },
        { id: 'wait', label: 'Wait' },
      ],
      limit: 2,
      slide: { h: 1, v: 1 },
      line: 30,
    });
  });

  it('gives a yesno poll Yes and No, then Unsure and It depends when switched on', () => {
    expect(deck.polls[2]).toEqual({
      id: 'formed',
      type: 'yesno',
      question: 'Has a relationship been formed?',
      options: [
        { id: 'yes', label: 'Yes' },
        { id: 'no', label: 'No' },
        { id: 'unsure', label: 'Unsure' },
        { id: 'depends', label: 'It depends' },
      ],
      slide: { h: 1, v: 2 },
      line: 42,
    });
    expect(deck.polls[3]).toEqual({
      id: 'more-than-one',
      type: 'yesno',
      question: 'Is it okay to have more than one mentor?',
      options: [
        { id: 'yes', label: 'Yes' },
        { id: 'no', label: 'No' },
      ],
      slide: { h: 2, v: 0 },
      line: 51,
    });
  });

  it('lists the polls in presentation order', () => {
    expect(deck.polls.map((p) => p.id)).toEqual(['drx-a', 'pick-two', 'formed', 'more-than-one']);
  });
});

describe('slides and notes', () => {
  it('needs only a title in the front matter', () => {
    expect(parseOk(deckWith('# Only')).meta).toEqual({ title: 'Test deck' });
  });

  it('ignores separators and Note: lines inside ``` and ~~~ code blocks', () => {
    const deck = parseOk(deckWith('# Code', '```md', '---', '--', 'Note: not a note', '```', '~~~', '---', '~~~', '---', '# Next'));
    expect(deck.slides.map((s) => s.title)).toEqual(['Code', 'Next']);
    expect(deck.slides[0]?.notes).toBe('');
    expect(deck.slides[0]?.html).toContain('Note: not a note');
  });

  it('accepts trailing whitespace after separators, CRLF line endings and blank lines around slides', () => {
    const lines = ['---', 'title: T', '---', '', '# A', '', '---  ', '', '# B', '--\t', '# C', '', ''];
    const deck = parseOk(lines.join('\r\n'));
    expect(deck.slides.map((s) => [s.number, s.title, s.line])).toEqual([
      ['1', 'A', 4],
      ['2.1', 'B', 8],
      ['2.2', 'C', 11],
    ]);
  });

  it('does not treat indented or longer dash lines as separators', () => {
    const deck = parseOk(deckWith('# A', ' ---', '----', '- - -'));
    expect(deck.slides).toHaveLength(1);
  });

  it('recognises NOTE:, notes: and Notes: alike', () => {
    for (const marker of ['NOTE:', 'notes:', 'Notes:']) {
      expect(parseOk(deckWith('# A', `${marker} remember`)).slides[0]?.notes).toBe('<p>remember</p>\n');
    }
  });

  it('keeps a poll block that follows the notes out of the notes', () => {
    const deck = parseOk(deckWith('# A', 'Note: talk', ...poll('id: q', 'type: yesno', 'question: OK?')));
    expect(deck.slides[0]).toMatchObject({ notes: '<p>talk</p>\n', pollId: 'q' });
  });

  it('takes the title as plain text of the first heading of any level, ignoring later ones', () => {
    const deck = parseOk(deckWith('Intro text', '### The *first* `code` heading', '# Second'));
    expect(deck.slides[0]?.title).toBe('The first code heading');
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = parseOk(deckWith('# A', '<script>alert(1)</script>')).slides[0]?.html;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('links bare URLs and applies typographic quotes', () => {
    const html = parseOk(deckWith('See https://example.org and "quotes"')).slides[0]?.html;
    expect(html).toContain('<a href="https://example.org">https://example.org</a>');
    expect(html).toContain('“quotes”');
  });

  it('reads numbers and booleans in poll YAML as the text the author wrote', () => {
    const deck = parseOk(deckWith(...poll('id: 2024', 'type: single', 'question: 1984', 'options:', '  01: 1.50', '  true: false')));
    expect(deck.polls[0]).toMatchObject({
      id: '2024',
      question: '1984',
      options: [
        { id: '01', label: '1.50' },
        { id: 'true', label: 'false' },
      ],
    });
  });

  it('allows a multi poll without a limit, and a limit equal to the number of options', () => {
    const multi = (...limit: string[]) => {
      const options = ['options:', '  a: A', '  b: B'];
      return parseOk(deckWith(...poll('id: m', 'type: multi', ...limit, 'question: Q?', ...options))).polls[0];
    };
    expect(multi()).not.toHaveProperty('limit');
    expect(multi('limit: 2')).toHaveProperty('limit', 2);
  });

  it('accepts unsure: false and depends: false on a yesno poll', () => {
    const deck = parseOk(deckWith(...poll('id: q', 'type: yesno', 'unsure: false', 'depends: false', 'question: Q?')));
    expect(deck.polls[0]?.options.map((o) => o.id)).toEqual(['yes', 'no']);
  });
});

describe('front matter errors', () => {
  it('reports a file that does not start with ---', () => {
    expectOnlyError(source('# No front matter', '', 'Text'), 1, 'missing front matter');
  });

  it('reports front matter without a closing ---', () => {
    expectOnlyError(source('---', 'title: T', '', '# A'), 1, 'unterminated front matter');
  });

  it('reports invalid YAML at its line', () => {
    expectOnlyError(source('---', 'title: T', 'subtitle: "unclosed', '---', '# A'), 3, 'invalid YAML in front matter');
  });

  it('reports front matter that is not a mapping', () => {
    expectOnlyError(source('---', '- title', '- T', '---', '# A'), 2, 'front matter must be YAML "key: value" lines');
  });

  it('reports a missing title at the first line', () => {
    expectOnlyError(source('---', 'author: A', '---', '# A'), 1, 'front matter is missing "title"');
  });

  it('reports an empty title at its line', () => {
    expectOnlyError(source('---', 'author: A', 'title: ""', '---', '# A'), 3, '"title" must be non-empty text');
  });

  it('reports an empty subtitle or author at its line', () => {
    expectOnlyError(source('---', 'title: T', 'subtitle:', '---', '# A'), 3, '"subtitle" must be non-empty text');
    expectOnlyError(source('---', 'title: T', 'author: [A, B]', '---', '# A'), 3, '"author" must be non-empty text');
  });

  it('reports an unknown key (a typo guard) naming the allowed ones', () => {
    expectOnlyError(
      source('---', 'title: T', 'athor: A', '---', '# A'),
      3,
      'unknown key "athor" in front matter (allowed: title, subtitle, author, theme, accent, results, roles, duration, self-paced-results)',
    );
  });
});

describe('results: live', () => {
  it('makes the polls of a deck live from the front matter, each poll able to say otherwise', () => {
    const deck = parseOk(
      source(
        '---',
        'title: T',
        'results: live',
        '---',
        '# A', //                                                  5
        '```poll',
        'id: a',
        'type: yesno',
        'question: A?',
        '```', //                                                  10
        '---',
        '# B',
        '```poll',
        'id: b',
        'type: text', //                                           15
        'question: B?',
        'results: revealed',
        '```',
      ),
    );
    expect(deck.meta.results).toBe('live');
    expect(deck.polls.map((p) => [p.id, p.liveResults ?? false])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('reports a bad results value in the front matter and in a poll block, each at its line', () => {
    expect(
      errorsOf(
        source('---', 'title: T', 'results: sometimes', '---', '# A', '```poll', 'id: a', 'type: yesno', 'question: A?', 'results: no', '```'),
      ),
    ).toEqual([
      { file: FILE, line: 3, message: expect.stringContaining('"results" must be "live"') },
      { file: FILE, line: 10, message: expect.stringContaining('or "revealed" (hidden on the projector until revealed), found "no"') },
    ]);
  });
});

describe('slide errors', () => {
  it('reports an empty slide between two --- at the separator that opens it', () => {
    expectOnlyError(deckWith('# A', '---', '   ', '', '---', '# B'), 5, 'empty slide: only blank lines after this "---"');
  });

  it('reports an empty slide in a vertical stack at its --', () => {
    expectOnlyError(deckWith('# A', '--', '', '--', '# B'), 5, 'empty slide: only blank lines after this "--"');
  });

  it('reports an empty first slide at the end of the front matter', () => {
    expectOnlyError(deckWith('', '---', '# A'), 3, 'empty slide');
  });

  it('reports a --- at the end of the file as an empty slide', () => {
    expectOnlyError(deckWith('# A', '', '---', ''), 6, 'empty slide');
  });

  it('reports a deck without slides at the end of the front matter', () => {
    expectOnlyError(deckWith('', '  '), 3, 'the deck has no slides');
    expectOnlyError(source(...FRONT), 3, 'the deck has no slides');
  });

  it('reports an unterminated code fence at its opening line', () => {
    expectOnlyError(deckWith('# A', '````js', 'code', '```', '---', '# B'), 5, 'unterminated code fence: no closing ````');
  });
});

describe('poll errors', () => {
  // Unless a heading comes first, a poll's fence is line 4 and its YAML starts on line 5.
  const single = ['type: single', 'question: Q?', 'options:', '  a: A', '  b: B'];

  it('reports invalid YAML at its line', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: yesno', 'question: "Why?" not')), 7, 'invalid YAML in poll block');
  });

  it('reports a poll block that is not a mapping', () => {
    expectOnlyError(deckWith(...poll('- id: q')), 5, 'poll block must be YAML "key: value" lines');
  });

  it('reports an empty poll block at its fence', () => {
    expectOnlyError(deckWith(...poll('')), 4, 'empty poll block');
  });

  it('reports a key that is not plain text', () => {
    expectOnlyError(deckWith(...poll('id: q', ...single, '[a, b]: x')), 11, 'keys in poll block must be plain text');
  });

  it('reports an unknown key at its line, naming the allowed ones', () => {
    expectOnlyError(
      deckWith(...poll('id: q', ...single, 'shuffle: true')),
      11,
      'unknown key "shuffle" in poll block ' +
        '(allowed: id, type, question, options, ask, limit, unsure, depends, max, low, high, length, answers, timer, results, commitment, kept)',
    );
  });

  it('reports a missing id at the fence', () => {
    expectOnlyError(deckWith(...poll(...single)), 4, 'poll is missing "id"');
  });

  it('reports an id with characters outside letters, digits, - and _ at its line', () => {
    expectOnlyError(deckWith(...poll(...single, 'id: dr x')), 10, 'invalid poll id "dr x"');
    expectOnlyError(deckWith(...poll(...single, 'id: -a')), 10, 'must start with a letter or digit');
  });

  it('reports an id longer than 64 characters', () => {
    expectOnlyError(deckWith(...poll(`id: ${'a'.repeat(65)}`, ...single)), 5, 'ids are at most 64 characters');
    expect(parseOk(deckWith(...poll(`id: ${'a'.repeat(64)}`, ...single))).polls[0]?.id).toHaveLength(64);
  });

  it('reports a duplicate id at the second id line, naming the line of the first poll', () => {
    expectOnlyError(
      deckWith('# A', ...poll('id: q', ...single), '---', '# B', ...poll('id: q', ...single)),
      16,
      'duplicate poll id "q": already used by the poll on line 5',
    );
  });

  it('reports a missing type at the fence, naming the allowed ones', () => {
    expectOnlyError(deckWith(...poll('id: q', 'question: Q?')), 4, 'poll is missing "type" (one of: single, multi, yesno, scale, text, rank, qa)');
  });

  it('reports an unknown type at the type line, naming the allowed ones', () => {
    expectOnlyError(
      deckWith(...poll('id: q', 'type: multiple', 'question: Q?', 'options:', '  a: A', '  b: B')),
      6,
      'unknown poll type "multiple" (allowed: single, multi, yesno, scale, text, rank, qa)',
    );
  });

  it('reports a missing question at the fence', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: yesno')), 4, 'poll is missing "question"');
  });

  it('reports an empty question at its line', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: yesno', 'question: " "')), 7, '"question" must be non-empty text');
  });

  it('reports missing options at the fence', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: multi', 'question: Q?')), 4, 'no options');
  });

  it('reports empty options at the options line', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options:')), 8, 'no options');
    expectOnlyError(deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options: {}')), 8, 'no options');
  });

  it('reports options written as a list instead of id: label lines', () => {
    expectOnlyError(
      deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options:', '  - A', '  - B')),
      8,
      '"options" must be "id: Label" lines',
    );
  });

  it('reports fewer than 2 options at the options line', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options:', '  a: A')), 8, 'at least 2 options (found 1)');
  });

  it('reports an invalid option id at its line', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options:', '  a: A', '  b c: B')), 10, 'invalid option id "b c"');
  });

  it('reports an option without a label at its line', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options:', '  a: A', '  b:')), 10, 'option "b" has no label');
  });

  it('reports a duplicate option id, a YAML duplicate key, at the second one', () => {
    expectOnlyError(
      deckWith(...poll('id: q', 'type: single', 'question: Q?', 'options:', '  a: A', '  b: B', '  a: C')),
      11,
      'invalid YAML in poll block: Map keys must be unique',
    );
  });

  it('reports a limit on a poll that is not multi', () => {
    expectOnlyError(deckWith(...poll('id: q', ...single, 'limit: 1')), 11, '"limit" is only allowed on multi polls');
  });

  it.each(['0', '4', '1.5', 'two'])('reports limit: %s outside 1 to the number of options', (limit) => {
    const options = ['options:', '  a: A', '  b: B', '  c: C'];
    expectOnlyError(
      deckWith(...poll('id: q', 'type: multi', `limit: ${limit}`, 'question: Q?', ...options)),
      7,
      '"limit" must be a whole number from 1 to 3 (the number of options)',
    );
  });

  it('reports options on a yesno poll, whose options are fixed', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: yesno', 'question: Q?', 'options:', '  y: Y', '  n: N')), 8, 'a yesno poll has fixed options');
  });

  it('reports unsure or depends on a poll that is not yesno', () => {
    expectOnlyError(deckWith(...poll('id: q', ...single, 'unsure: true')), 11, '"unsure" is only allowed on yesno polls');
    expectOnlyError(deckWith(...poll('id: q', ...single, 'depends: true')), 11, '"depends" is only allowed on yesno polls');
  });

  it('reports unsure or depends that is not true or false', () => {
    expectOnlyError(deckWith(...poll('id: q', 'type: yesno', 'question: Q?', 'unsure: yes')), 8, '"unsure" must be true or false');
  });

  it('reports a second poll on one slide at its fence, naming the first', () => {
    expectOnlyError(
      deckWith('# A', ...poll('id: a', 'type: yesno', 'question: A?'), ...poll('id: b', 'type: yesno', 'question: B?')),
      10,
      'only one poll per slide: this slide already has a poll on line 5',
    );
  });

  it('reports an unterminated poll fence at its line', () => {
    expectOnlyError(deckWith('# A', '```poll', 'id: q', 'type: yesno', '---', '# B'), 5, 'unterminated code fence: no closing ```');
  });
});

describe('several errors', () => {
  it('reports every error in the file, in line order, each with the file', () => {
    const errors = errorsOf(
      source(
        '---', //                               1
        'titel: Typo',
        '---',
        '# A',
        '```poll', //                           5
        'id: q',
        'type: maybe',
        'question: Q?',
        '```',
        '---', //                               10
        '',
        '---',
        '# B',
        '```poll',
        'id: q', //                             15
        'type: multi',
        'limit: 0',
        'question: ""',
        'options:',
        '  a: A', //                            20
        '```',
      ),
    );
    expect(errors.map((e) => [e.file, e.line, e.message])).toEqual([
      [FILE, 1, 'front matter is missing "title"'],
      [
        FILE,
        2,
        'unknown key "titel" in front matter (allowed: title, subtitle, author, theme, accent, results, roles, duration, self-paced-results)',
      ],
      [FILE, 7, 'unknown poll type "maybe" (allowed: single, multi, yesno, scale, text, rank, qa)'],
      [FILE, 10, 'empty slide: only blank lines after this "---"'],
      [FILE, 15, 'duplicate poll id "q": already used by the poll on line 5'],
      [FILE, 17, '"limit" must be a whole number of at least 1'],
      [FILE, 18, '"question" must be non-empty text'],
      [FILE, 19, 'a poll needs at least 2 options (found 1)'],
    ]);
  });
});

describe('scale polls', () => {
  it('rate from 1 to 5 by default, the end labels naming the first and last option', () => {
    const deck = parseOk(deckWith('# Rate', ...poll('id: confident', 'type: scale', 'question: How confident?', 'low: Not at all', 'high: Very')));
    expect(deck.polls[0]).toMatchObject({
      id: 'confident',
      type: 'scale',
      scale: { max: 5, low: 'Not at all', high: 'Very' },
      options: [
        { id: '1', label: '1 — Not at all' },
        { id: '2', label: '2' },
        { id: '3', label: '3' },
        { id: '4', label: '4' },
        { id: '5', label: '5 — Very' },
      ],
    });
  });

  it('take another range with max, and need no end labels', () => {
    const deck = parseOk(deckWith('# Rate', ...poll('id: ten', 'type: scale', 'question: Score?', 'max: 10')));
    expect(deck.polls[0]).toHaveProperty('scale', { max: 10 });
    expect(deck.polls[0]!.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('refuse a max outside 2 to 10, on its line', () => {
    expectOnlyError(deckWith('# Rate', ...poll('id: s', 'type: scale', 'question: Q?', 'max: 11')), 9, '"max" must be a whole number from 2 to 10');
    expectOnlyError(deckWith('# Rate', ...poll('id: s', 'type: scale', 'question: Q?', 'max: 1')), 9, '"max" must be a whole number');
  });

  it('refuse an empty end label, options, and scale keys on other poll types', () => {
    expectOnlyError(deckWith('# Rate', ...poll('id: s', 'type: scale', 'question: Q?', 'low: ""')), 9, '"low" must be a label');
    expectOnlyError(
      deckWith('# Rate', ...poll('id: s', 'type: scale', 'question: Q?', 'options:', '  a: A', '  b: B')),
      9,
      'a scale poll has the options 1 to "max"',
    );
    expectOnlyError(
      deckWith('# Rate', ...poll('id: s', 'type: single', 'question: Q?', 'high: Very', 'options:', '  a: A', '  b: B')),
      9,
      '"high" is only allowed on scale polls',
    );
  });
});

describe('text polls', () => {
  it('take one answer of up to 200 characters by default, and no options', () => {
    const deck = parseOk(deckWith('# Words', ...poll('id: word', 'type: text', 'question: One word for your mentor?')));
    expect(deck.polls[0]).toEqual({
      id: 'word',
      type: 'text',
      question: 'One word for your mentor?',
      options: [],
      text: { length: 200, answers: 1 },
      slide: { h: 0, v: 0 },
      line: 5,
    });
    expect(deck.slides[0]?.pollId).toBe('word');
  });

  it('take another length and number of answers, up to 1000 and 20', () => {
    const text = (...keys: string[]) => {
      const read = parseOk(deckWith('# Words', ...poll('id: w', 'type: text', 'question: Q?', ...keys))).polls[0];
      return read?.type === 'text' ? read.text : undefined;
    };
    expect(text('length: 40', 'answers: 3')).toEqual({ length: 40, answers: 3 });
    expect(text('length: 1', 'answers: 1')).toEqual({ length: 1, answers: 1 });
    expect(text('length: 1000', 'answers: 20')).toEqual({ length: 1000, answers: 20 });
    expect(text('answers: 5')).toEqual({ length: 200, answers: 5 });
  });

  it.each(['0', '1001', '2.5', 'long', '""'])('refuse length: %s, on its line', (length) => {
    expectOnlyError(
      deckWith('# Words', ...poll('id: w', 'type: text', 'question: Q?', `length: ${length}`)),
      9,
      '"length" must be a whole number from 1 to 1000',
    );
  });

  it.each(['0', '21', '1.5', 'many'])('refuse answers: %s, on its line', (answers) => {
    expectOnlyError(
      deckWith('# Words', ...poll('id: w', 'type: text', 'question: Q?', `answers: ${answers}`)),
      9,
      '"answers" must be a whole number from 1 to 20',
    );
  });

  it('report a bad length and a bad answers together', () => {
    expect(errorsOf(deckWith('# Words', ...poll('id: w', 'type: text', 'question: Q?', 'length: 0', 'answers: 0')))).toEqual([
      { file: FILE, line: 9, message: '"length" must be a whole number from 1 to 1000' },
      { file: FILE, line: 10, message: '"answers" must be a whole number from 1 to 20' },
    ]);
  });

  it('refuse options at the options line', () => {
    expectOnlyError(
      deckWith('# Words', ...poll('id: w', 'type: text', 'question: Q?', 'options:', '  a: A', '  b: B')),
      9,
      'a text poll takes no options: participants type their own answer',
    );
  });

  it('refuse limit and scale or yesno keys', () => {
    const text = (key: string) => deckWith('# Words', ...poll('id: w', 'type: text', 'question: Q?', key));
    expectOnlyError(text('limit: 2'), 9, '"limit" is only allowed on multi polls');
    expectOnlyError(text('max: 5'), 9, '"max" is only allowed on scale polls');
    expectOnlyError(text('unsure: true'), 9, '"unsure" is only allowed on yesno polls');
  });

  it('still need a question', () => {
    expectOnlyError(deckWith('# Words', ...poll('id: w', 'type: text')), 5, 'poll is missing "question"');
  });
});

describe('qa polls', () => {
  it('take up to 3 questions of up to 200 characters by default, and no options', () => {
    const deck = parseOk(deckWith('# Q&A', ...poll('id: ask', 'type: qa', 'question: Questions for the facilitator?')));
    expect(deck.polls[0]).toEqual({
      id: 'ask',
      type: 'qa',
      question: 'Questions for the facilitator?',
      options: [],
      text: { length: 200, answers: 3 },
      slide: { h: 0, v: 0 },
      line: 5,
    });
  });

  it('take another length and number of questions', () => {
    const deck = parseOk(deckWith('# Q&A', ...poll('id: ask', 'type: qa', 'question: Q?', 'length: 280', 'answers: 1')));
    expect(deck.polls[0]).toHaveProperty('text', { length: 280, answers: 1 });
  });

  it('refuse a length or answers out of range, on its line', () => {
    const qa = (key: string) => deckWith('# Q&A', ...poll('id: ask', 'type: qa', 'question: Q?', key));
    expectOnlyError(qa('length: 5000'), 9, '"length" must be a whole number from 1 to 1000');
    expectOnlyError(qa('answers: 50'), 9, '"answers" must be a whole number from 1 to 20');
  });

  it('refuse options at the options line', () => {
    expectOnlyError(
      deckWith('# Q&A', ...poll('id: ask', 'type: qa', 'question: Q?', 'options:', '  a: A', '  b: B')),
      9,
      'a qa poll takes no options: participants post their own questions',
    );
  });

  it('still need a question: the prompt above the board', () => {
    expectOnlyError(deckWith('# Q&A', ...poll('id: ask', 'type: qa')), 5, 'poll is missing "question"');
  });
});

describe('rank polls', () => {
  const options = (n: number) => ['options:', ...Array.from({ length: n }, (_, i) => `  o${i + 1}: Option ${i + 1}`)];

  it('order their options, read like those of a single poll', () => {
    const deck = parseOk(
      deckWith('# Priorities', ...poll('id: order', 'type: rank', 'question: Most important first?', 'options:', '  time: Time', '  trust: T')),
    );
    expect(deck.polls[0]).toEqual({
      id: 'order',
      type: 'rank',
      question: 'Most important first?',
      options: [
        { id: 'time', label: 'Time' },
        { id: 'trust', label: 'T' },
      ],
      slide: { h: 0, v: 0 },
      line: 5,
    });
  });

  it('take up to 10 options', () => {
    const deck = parseOk(deckWith('# Priorities', ...poll('id: r', 'type: rank', 'question: Q?', ...options(10))));
    expect(deck.polls[0]?.options).toHaveLength(10);
  });

  it('refuse more than 10 options at the options line', () => {
    expectOnlyError(
      deckWith('# Priorities', ...poll('id: r', 'type: rank', 'question: Q?', ...options(11))),
      9,
      'a rank poll orders at most 10 options (found 11)',
    );
  });

  it('need at least 2 options, like single and multi', () => {
    expectOnlyError(deckWith('# Priorities', ...poll('id: r', 'type: rank', 'question: Q?')), 5, 'no options');
    expectOnlyError(
      deckWith('# Priorities', ...poll('id: r', 'type: rank', 'question: Q?', ...options(1))),
      9,
      'a poll needs at least 2 options (found 1)',
    );
  });

  it('refuse a limit, and text keys', () => {
    const rank = (key: string) => deckWith('# Priorities', ...poll('id: r', 'type: rank', 'question: Q?', key, ...options(3)));
    expectOnlyError(rank('limit: 2'), 9, '"limit" is only allowed on multi polls');
    expectOnlyError(rank('length: 50'), 9, '"length" is only allowed on text and qa polls');
  });
});

describe('text and qa keys on other poll types', () => {
  const single = ['type: single', 'question: Q?', 'options:', '  a: A', '  b: B'];

  it.each(['length: 100', 'answers: 2'])('refuse %s on a single poll, on its line', (key) => {
    const name = key.split(':')[0]!;
    const deck = deckWith('# A', ...poll('id: q', ...single, key));
    expectOnlyError(deck, 12, `"${name}" is only allowed on text and qa polls`);
  });

  it('refuse them on yesno and scale polls too, whatever their value', () => {
    expectOnlyError(
      deckWith('# A', ...poll('id: q', 'type: yesno', 'question: Q?', 'answers: lots')),
      9,
      '"answers" is only allowed on text and qa polls',
    );
    expectOnlyError(
      deckWith('# A', ...poll('id: q', 'type: scale', 'question: Q?', 'length: 10')),
      9,
      '"length" is only allowed on text and qa polls',
    );
  });
});
