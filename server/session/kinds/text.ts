// Open-text polls: typed answers, seen by the presenter; once revealed, phones see the word cloud
// of the answers on screen.
import { wordCounts } from '../../text/words.js';
import type { EntryKind } from './kind.js';

export const text: EntryKind = {
  answers: 'entries',
  board: false,
  revealed: (shownTexts) => ({ words: wordCounts(shownTexts) }),
};
