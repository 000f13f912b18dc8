// A paired poll (`ask`): two questions over the same options — "What should you do?" and "What
// would you actually do?" — written as two names with their default wording or as "name: question"
// lines; every mistake is reported at its line.
import { describe, expect, it } from 'vitest';
import { deckWith, errorsOf, FILE, parseOk, poll } from '../helpers/deck-source.js';

const OPTIONS = ['options:', '  talk: Talk to Dr. X', '  wait: Wait and see'];
/** Front matter (3 lines), the heading, then the fence: the poll block's first key is on line 6. */
const ASK_LINE = 9;

describe('a paired poll', () => {
  it('takes two names with their default wording', () => {
    const deck = parseOk(
      deckWith('# A', ...poll('id: respond', 'type: single', 'question: How should you respond?', 'ask: [should, would]', ...OPTIONS)),
    );
    expect(deck.polls[0]).toMatchObject({
      type: 'single',
      ask: [
        { id: 'should', question: 'What should you do?' },
        { id: 'would', question: 'What would you actually do?' },
      ],
    });
  });

  it('takes its own names and wording as "name: question" lines', () => {
    const deck = parseOk(
      deckWith(
        '# A',
        ...poll('id: respond', 'type: single', 'question: Dr. X says no', 'ask:', '  ideal: In an ideal world?', '  real: On a Monday?', ...OPTIONS),
      ),
    );
    expect(deck.polls[0]).toMatchObject({
      ask: [
        { id: 'ideal', question: 'In an ideal world?' },
        { id: 'real', question: 'On a Monday?' },
      ],
    });
  });

  it('is a single-choice poll only, and a plain single poll has no ask', () => {
    expect(parseOk(deckWith('# A', ...poll('id: q', 'type: single', 'question: Q?', ...OPTIONS))).polls[0]).not.toHaveProperty('ask');
    expect(errorsOf(deckWith('# A', ...poll('id: q', 'type: multi', 'question: Q?', 'ask: [should, would]', ...OPTIONS)))).toEqual([
      { file: FILE, line: ASK_LINE, message: '"ask" is only allowed on single polls' },
    ]);
  });

  it('reports an empty list, one name, three, a name twice, and a name with no wording, each at its line', () => {
    const errorOf = (...ask: string[]) => errorsOf(deckWith('# A', ...poll('id: q', 'type: single', 'question: Q?', ...ask, ...OPTIONS)));
    expect(errorOf('ask: []')).toEqual([{ file: FILE, line: ASK_LINE, message: expect.stringContaining('"ask" must be two names') }]);
    expect(errorOf('ask:')).toEqual([{ file: FILE, line: ASK_LINE, message: expect.stringContaining('it is empty or neither') }]);
    expect(errorOf('ask: [should]')).toEqual([{ file: FILE, line: ASK_LINE, message: expect.stringContaining('(found 1)') }]);
    expect(errorOf('ask:', '  a: A?', '  b: B?', '  c: C?')).toEqual([{ file: FILE, line: ASK_LINE, message: expect.stringContaining('(found 3)') }]);
    expect(errorOf('ask: [should, should]')).toEqual([
      { file: FILE, line: ASK_LINE, message: 'ask "should" is named twice: each question needs its own name' },
    ]);
    expect(errorOf('ask: [should, could]')).toEqual([
      { file: FILE, line: ASK_LINE, message: expect.stringContaining('ask "could" has no question: write it as "could: Your question?"') },
    ]);
    expect(errorOf('ask:', '  ideal: In an ideal world?', '  real:')).toEqual([
      { file: FILE, line: ASK_LINE + 2, message: expect.stringContaining('ask "real" has no question') },
    ]);
    expect(errorOf('ask: [should, "no good"]')).toEqual([
      { file: FILE, line: ASK_LINE, message: expect.stringContaining('invalid ask name "no good"') },
    ]);
  });
});
