// The poll block stage, as a specification: the YAML of a ```poll fence read into a Poll, with
// each kind's own fields checked, and every error at its line in the file.
import { describe, expect, it } from 'vitest';
import { type PollContext, parsePoll } from '../../server/deck/parse/poll.js';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';
import { POLL_TYPES } from '../../server/deck/types.js';

const SLIDE = { h: 3, v: 1 };

/**
 * Reads a poll block that is the whole file: the opening fence on line 1, `yaml` from line 2,
 * the closing fence last. `pollLines` are the polls read before it (id → line).
 */
function read(yaml: string[], pollLines: [string, number][] = []) {
  const src = new SourceLines(['```poll', ...yaml, '```'].join('\n'));
  const report = new Reporter('deck.md');
  const context: PollContext = { src, report, pollLines: new Map(pollLines), links: [] };
  const poll = parsePoll(1, src.last, SLIDE, context);
  return { poll, errors: report.errors.map((e) => [e.line, e.message]), context };
}
const errorsOf = (...yaml: string[]) => read(yaml).errors;
/** A poll of `type` with id and question (lines 2–4), then `more` from line 5. */
const typed = (type: string, ...more: string[]) => ['id: p', `type: ${type}`, 'question: Q?', ...more];
const ab = ['options:', '  a: A', '  b: B'];

describe('every poll', () => {
  it('has an id, a type, a question, its slide and the line of its opening fence', () => {
    const { poll, errors, context } = read(typed('single', ...ab));
    expect(errors).toEqual([]);
    expect(poll).toEqual({
      id: 'p',
      type: 'single',
      question: 'Q?',
      options: [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
      slide: SLIDE,
      line: 1,
    });
    expect(context.pollLines.get('p')).toBe(1);
  });

  it('may close by itself after a timer of 5 to 3600 seconds', () => {
    expect(read(typed('yesno', 'timer: 90')).poll?.timer).toBe(90);
    expect(read(typed('yesno', 'timer: 5')).poll?.timer).toBe(5);
    expect(read(typed('yesno', 'timer: 3600')).poll?.timer).toBe(3600);
    expect(read(typed('yesno')).poll).not.toHaveProperty('timer');
  });

  it('reports a timer out of range or not whole at its line', () => {
    for (const value of ['4', '3601', '2.5', 'soon', '']) {
      expect(errorsOf(...typed('yesno', `timer: ${value}`))).toEqual([[5, '"timer" must be a whole number of seconds from 5 to 3600']]);
    }
  });

  it('shows its results on the projector once revealed, or live with results: live', () => {
    expect(read(typed('yesno')).poll).not.toHaveProperty('liveResults');
    expect(read(typed('yesno', 'results: revealed')).poll).not.toHaveProperty('liveResults');
    expect(read(typed('yesno', 'results: live')).poll?.liveResults).toBe(true);
    expect(read(typed('text', 'results: live')).poll?.liveResults).toBe(true);
    expect(read(typed('qa', 'results: live')).poll?.liveResults).toBe(true);
  });

  it("may be marked as the participant's closing commitment with commitment: true", () => {
    expect(read(typed('single', ...ab, 'commitment: true')).poll?.commitment).toBe(true);
    expect(read(typed('text', 'commitment: true')).poll?.commitment).toBe(true);
    expect(read(typed('single', ...ab, 'commitment: false')).poll).not.toHaveProperty('commitment');
    expect(read(typed('single', ...ab)).poll).not.toHaveProperty('commitment');
    expect(errorsOf(...typed('yesno', 'commitment: maybe'))).toEqual([[5, '"commitment" must be true or false']]);
  });

  it('may name the option that means "kept" with kept: (a follow-up deck; single and yesno polls)', () => {
    const kept = ['options:', '  done: Yes', '  not-yet: Not yet', 'kept: done'];
    expect(read(typed('single', ...kept)).poll?.kept).toBe('done');
    expect(read(typed('yesno', 'kept: yes')).poll?.kept).toBe('yes');
    expect(read(typed('single', ...ab)).poll).not.toHaveProperty('kept');
    expect(errorsOf(...typed('single', ...ab, 'kept: c'))).toEqual([[8, '"kept" must name one of the poll\'s options (a, b), found "c"']]);
    expect(errorsOf(...typed('multi', ...ab, 'kept: a'))).toEqual([
      [8, '"kept" is only allowed on single and yesno polls (the question whether the earlier commitment was kept)'],
    ]);
    expect(errorsOf(...typed('single', 'ask: [should, would]', ...ab, 'kept: a'))).toEqual([[9, '"kept" is not allowed on a paired poll ("ask")']]);
  });

  it("follows the deck's results (front matter) unless it says otherwise", () => {
    const withDeck = (results: 'live' | 'revealed', ...yaml: string[]) => {
      const src = new SourceLines(['```poll', ...yaml, '```'].join('\n'));
      const context: PollContext = { src, report: new Reporter('deck.md'), pollLines: new Map(), links: [], results };
      return parsePoll(1, src.last, SLIDE, context);
    };
    expect(withDeck('live', ...typed('yesno'))?.liveResults).toBe(true);
    expect(withDeck('live', ...typed('yesno', 'results: revealed'))).not.toHaveProperty('liveResults');
    expect(withDeck('revealed', ...typed('yesno'))).not.toHaveProperty('liveResults');
    expect(withDeck('revealed', ...typed('yesno', 'results: live'))?.liveResults).toBe(true);
  });

  it('reports a results value other than live or revealed at its line, with every other error', () => {
    const message = (found: string) =>
      `"results" must be "live" (results shown as answers come in) or "revealed" (hidden on the projector until revealed), found "${found}"`;
    expect(errorsOf(...typed('yesno', 'results: hidden'))).toEqual([[5, message('hidden')]]);
    expect(errorsOf(...typed('yesno', 'results: true'))).toEqual([[5, message('true')]]);
    expect(errorsOf(...typed('yesno', 'timer: 2', 'results:'))).toEqual([
      [5, '"timer" must be a whole number of seconds from 5 to 3600'],
      [6, message('')],
    ]);
  });

  it('reports an empty block at its fence', () => {
    expect(errorsOf()).toEqual([[1, 'empty poll block: a poll needs at least "id", "type" and "question"']]);
    expect(errorsOf('# nothing yet')).toEqual([[1, 'empty poll block: a poll needs at least "id", "type" and "question"']]);
  });

  it('reports a block that is not "key: value" lines at its first line', () => {
    expect(errorsOf('- id: p')).toEqual([[2, 'poll block must be YAML "key: value" lines']]);
  });

  it('reports an unknown key at its line, naming the allowed ones', () => {
    expect(errorsOf(...typed('yesno', 'colour: red'))).toEqual([
      [
        5,
        'unknown key "colour" in poll block (allowed: id, type, question, options, ask, limit, unsure, depends, max, low, high, length, answers, timer, results, commitment, kept)',
      ],
    ]);
  });

  it('reports a missing id, type or question at the fence', () => {
    expect(errorsOf('type: yesno', 'question: Q?')).toEqual([[1, 'poll is missing "id"']]);
    expect(errorsOf('id: p', 'question: Q?')).toEqual([[1, `poll is missing "type" (one of: ${POLL_TYPES.join(', ')})`]]);
    expect(errorsOf('id: p', 'type: yesno')).toEqual([[1, 'poll is missing "question"']]);
  });

  it('reports an empty id or question at its line', () => {
    expect(errorsOf('id:', 'type: yesno', 'question: Q?')).toEqual([[2, '"id" must be non-empty text']]);
    expect(errorsOf('id: p', 'type: yesno', 'question: ""')).toEqual([[4, '"question" must be non-empty text']]);
  });

  it('reports an id outside letters, digits, - and _, or over 64 characters, at its line', () => {
    expect(errorsOf('id: my poll', 'type: yesno', 'question: Q?')).toEqual([
      [2, 'invalid poll id "my poll": ids may only contain letters, digits, "-" and "_", and must start with a letter or digit'],
    ]);
    expect(errorsOf(`id: ${'p'.repeat(65)}`, 'type: yesno', 'question: Q?')).toEqual([
      [2, `invalid poll id "${'p'.repeat(65)}": ids are at most 64 characters`],
    ]);
  });

  it('reports an id an earlier poll has at its line, naming that poll’s line, and is not read', () => {
    const { poll, errors } = read(typed('yesno'), [['p', 20]]);
    expect(poll).toBeUndefined();
    expect(errors).toEqual([[2, 'duplicate poll id "p": already used by the poll on line 20']]);
  });

  it('reports an unknown type at its line, naming the allowed ones', () => {
    expect(errorsOf('id: p', 'type: poll', 'question: Q?')).toEqual([[3, `unknown poll type "poll" (allowed: ${POLL_TYPES.join(', ')})`]]);
  });

  it('reports every error of the block, not only the first', () => {
    expect(errorsOf('id: -p', 'type: vote', 'question:', 'timer: 1').map(([line]) => line)).toEqual([2, 3, 4, 5]);
  });
});

describe('single, multi and rank polls', () => {
  it('list their options in order, reading ids and labels as the text written', () => {
    expect(read(typed('rank', 'options:', '  3: Three', '  1: true', '  x: "2"')).poll?.options).toEqual([
      { id: '3', label: 'Three' },
      { id: '1', label: 'true' },
      { id: 'x', label: '2' },
    ]);
  });

  it('keep each branch link (quoted, unquoted or without a space) for later, at the option’s line', () => {
    const { poll, context } = read(typed('single', 'options:', '  a: Go on -> #next', '  b: "Back -> #start"', '  c: Stay ->#here', '  d: Plain'));
    expect(poll?.options.map((o) => [o.id, o.label])).toEqual([
      ['a', 'Go on'],
      ['b', 'Back'],
      ['c', 'Stay'],
      ['d', 'Plain'],
    ]);
    expect(context.links.map((l) => [l.option.id, l.target, l.line, l.from])).toEqual([
      ['a', 'next', 6, SLIDE],
      ['b', 'start', 7, SLIDE],
      ['c', 'here', 8, SLIDE],
    ]);
    expect(context.links[0]?.option).toBe(poll?.options[0]);
  });

  it('report a link without a target, or to an invalid slide id, at the option’s line', () => {
    expect(errorsOf(...typed('single', 'options:', '  a: Go ->', '  b: B'))).toEqual([[6, 'option "a" has "->" but no "#slide-id" after it']]);
    expect(errorsOf(...typed('single', 'options:', '  a: Go -> #no way', '  b: B'))).toEqual([
      [
        6,
        'option "a" links to "#no way", which is not a valid slide id: ids may only contain letters, digits, "-" and "_", and must start with a letter or digit',
      ],
    ]);
  });

  it('report missing options at the fence, and empty ones at the options line', () => {
    const none = 'no options: a poll needs at least 2, as "id: Label" lines under "options"';
    expect(errorsOf(...typed('single'))).toEqual([[1, none]]);
    expect(errorsOf(...typed('multi', 'options:'))).toEqual([[5, none]]);
    expect(errorsOf(...typed('rank', 'options: {}'))).toEqual([[5, none]]);
  });

  it('report options written as a list or as text at the options line', () => {
    const message = '"options" must be "id: Label" lines (a YAML mapping), not a list or text';
    expect(errorsOf(...typed('single', 'options:', '  - A', '  - B'))).toEqual([[5, message]]);
    expect(errorsOf(...typed('single', 'options: A, B'))).toEqual([[5, message]]);
  });

  it('report fewer than 2 options at the options line', () => {
    expect(errorsOf(...typed('single', 'options:', '  a: A'))).toEqual([[5, 'a poll needs at least 2 options (found 1)']]);
  });

  it('report an invalid option id or an option without a label at the option’s line', () => {
    expect(errorsOf(...typed('single', 'options:', '  a b: A', '  c:', '  d: D'))).toEqual([
      [6, 'invalid option id "a b": ids may only contain letters, digits, "-" and "_", and must start with a letter or digit'],
      [7, 'option "c" has no label'],
    ]);
  });

  it('(rank) order at most 10 options, reported at the options line', () => {
    const options = (n: number) => ['options:', ...Array.from({ length: n }, (_, i) => `  o${i}: Option ${i}`)];
    expect(read(typed('rank', ...options(10))).poll?.options).toHaveLength(10);
    expect(errorsOf(...typed('rank', ...options(11)))).toEqual([[5, 'a rank poll orders at most 10 options (found 11)']]);
    expect(read(typed('single', ...options(11))).poll?.options).toHaveLength(11);
  });

  it('(multi) may limit the picks, from 1 up to the number of options', () => {
    expect(read(typed('multi', 'limit: 2', ...ab)).poll).toHaveProperty('limit', 2);
    expect(read(typed('multi', ...ab)).poll).not.toHaveProperty('limit');
    expect(errorsOf(...typed('multi', 'limit: 3', ...ab))).toEqual([[5, '"limit" must be a whole number from 1 to 2 (the number of options)']]);
    expect(errorsOf(...typed('multi', 'limit: 0', ...ab))).toEqual([[5, '"limit" must be a whole number from 1 to 2 (the number of options)']]);
  });

  it('(multi) report a bad limit without a count when the options are invalid too', () => {
    // In the order the stage reads them (options, then limit); parseDeck sorts by line.
    expect(errorsOf(...typed('multi', 'limit: x', 'options:', '  a: A'))).toEqual([
      [6, 'a poll needs at least 2 options (found 1)'],
      [5, '"limit" must be a whole number of at least 1'],
    ]);
  });

  it('still have their options checked when the type is unknown, but not required', () => {
    expect(errorsOf('id: p', 'type: vote', 'question: Q?', 'options:', '  a: A')).toEqual([
      [3, expect.stringContaining('unknown poll type "vote"')],
      [5, 'a poll needs at least 2 options (found 1)'],
    ]);
    expect(errorsOf('id: p', 'type: vote', 'question: Q?')).toEqual([[3, expect.stringContaining('unknown poll type "vote"')]]);
  });
});

describe('limit on other poll types', () => {
  it.each(['single', 'rank', 'yesno', 'scale', 'text', 'qa'])('is refused on a %s poll, at its line', (type) => {
    expect(errorsOf(...typed(type, 'limit: 1', ...(type === 'single' || type === 'rank' ? ab : [])))).toEqual([
      [5, '"limit" is only allowed on multi polls'],
    ]);
  });
});

describe('yesno polls', () => {
  it('have the options Yes and No', () => {
    expect(read(typed('yesno')).poll?.options).toEqual([
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
    ]);
  });

  it('add Unsure and It depends when switched on, in that order', () => {
    expect(read(typed('yesno', 'depends: true', 'unsure: true')).poll?.options.map((o) => [o.id, o.label])).toEqual([
      ['yes', 'Yes'],
      ['no', 'No'],
      ['unsure', 'Unsure'],
      ['depends', 'It depends'],
    ]);
    expect(read(typed('yesno', 'unsure: false', 'depends: false')).poll?.options).toHaveLength(2);
  });

  it('report options at their line: the options are fixed', () => {
    expect(errorsOf(...typed('yesno', ...ab))).toEqual([
      [5, 'a yesno poll has fixed options (Yes, No): remove "options"; add "unsure: true" or "depends: true" for more'],
    ]);
  });

  it('report unsure or depends that is not true or false at its line', () => {
    expect(errorsOf(...typed('yesno', 'unsure: maybe', 'depends: 1'))).toEqual([
      [5, '"unsure" must be true or false'],
      [6, '"depends" must be true or false'],
    ]);
  });

  it('have the only polls that take unsure or depends', () => {
    expect(errorsOf(...typed('single', 'unsure: true', ...ab))).toEqual([[5, '"unsure" is only allowed on yesno polls']]);
    expect(errorsOf(...typed('scale', 'depends: false'))).toEqual([[5, '"depends" is only allowed on yesno polls']]);
  });
});

describe('scale polls', () => {
  it('rate 1 to 5 by default, the options ids "1"…"5"', () => {
    const poll = read(typed('scale')).poll;
    expect(poll).toHaveProperty('scale', { max: 5 });
    expect(poll?.options.map((o) => [o.id, o.label])).toEqual([
      ['1', '1'],
      ['2', '2'],
      ['3', '3'],
      ['4', '4'],
      ['5', '5'],
    ]);
  });

  it('take another max, and name the first and last option after the end labels', () => {
    const poll = read(typed('scale', 'max: 3', 'low: Never', 'high: Always')).poll;
    expect(poll).toHaveProperty('scale', { max: 3, low: 'Never', high: 'Always' });
    expect(poll?.options.map((o) => o.label)).toEqual(['1 — Never', '2', '3 — Always']);
  });

  it('report a max outside 2 to 10 at its line', () => {
    for (const value of ['1', '11', '4.5', 'five']) {
      expect(errorsOf(...typed('scale', `max: ${value}`))).toEqual([[5, '"max" must be a whole number from 2 to 10']]);
    }
    expect(read(typed('scale', 'max: 10')).poll?.options).toHaveLength(10);
  });

  it('report an empty end label at its line, with an example', () => {
    expect(errorsOf(...typed('scale', 'low:'))).toEqual([[5, '"low" must be a label, e.g. "Strongly disagree"']]);
    expect(errorsOf(...typed('scale', 'high: ""'))).toEqual([[5, '"high" must be a label, e.g. "Strongly agree"']]);
  });

  it('report options at their line: the ratings are the options', () => {
    expect(errorsOf(...typed('scale', ...ab))).toEqual([
      [5, 'a scale poll has the options 1 to "max": remove "options"; use "low" and "high" to name the ends'],
    ]);
  });

  it('have the only polls that take max, low and high', () => {
    expect(errorsOf(...typed('yesno', 'max: 5', 'low: L', 'high: H'))).toEqual([
      [5, '"max" is only allowed on scale polls'],
      [6, '"low" is only allowed on scale polls'],
      [7, '"high" is only allowed on scale polls'],
    ]);
  });
});

describe('text and qa polls', () => {
  it('take no options, and by default one answer (text) or three questions (qa) of up to 200 characters', () => {
    expect(read(typed('text')).poll).toMatchObject({ options: [], text: { length: 200, answers: 1 } });
    expect(read(typed('qa')).poll).toMatchObject({ options: [], text: { length: 200, answers: 3 } });
  });

  it('take another length, up to 1000, and number of answers, up to 20', () => {
    expect(read(typed('text', 'length: 1000', 'answers: 20')).poll).toHaveProperty('text', { length: 1000, answers: 20 });
    expect(read(typed('qa', 'length: 1')).poll).toHaveProperty('text', { length: 1, answers: 3 });
  });

  it('report a length or answers out of range, each at its line, and are not read', () => {
    const { poll, errors } = read(typed('qa', 'length: 1001', 'answers: 0'));
    expect(poll).toBeUndefined();
    expect(errors).toEqual([
      [5, '"length" must be a whole number from 1 to 1000'],
      [6, '"answers" must be a whole number from 1 to 20'],
    ]);
  });

  it('report options at their line, in words that fit the type', () => {
    expect(errorsOf(...typed('text', ...ab))).toEqual([[5, 'a text poll takes no options: participants type their own answer']]);
    expect(errorsOf(...typed('qa', ...ab))).toEqual([[5, 'a qa poll takes no options: participants post their own questions']]);
  });

  it('have the only polls that take length and answers', () => {
    expect(errorsOf(...typed('multi', 'length: 10', 'answers: 2', ...ab))).toEqual([
      [5, '"length" is only allowed on text and qa polls'],
      [6, '"answers" is only allowed on text and qa polls'],
    ]);
  });
});

describe('keys of one type on a poll of unknown type', () => {
  it('are not reported as misplaced: only the type is', () => {
    expect(errorsOf('id: p', 'type: vote', 'question: Q?', 'max: 5', 'length: 9', 'limit: 2', 'unsure: true')).toEqual([
      [3, expect.stringContaining('unknown poll type "vote"')],
    ]);
  });
});
