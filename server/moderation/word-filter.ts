// The optional word filter: answers that match it are held for the presenter's approval instead
// of being projected. Matching is done by `obscenity`, which also sees through l33t speak,
// look-alike characters and padding ("f u c k"); its English data set is the default list.
import {
  DataSet,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  RegExpMatcher,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  toAsciiLowerCaseTransformer,
} from 'obscenity';
import type { WordFilterSetting } from '../config.js';

export interface WordFilter {
  /** True when the text should wait for the presenter's approval. */
  holds(text: string): boolean;
}

/** The filter that holds nothing (WORD_FILTER=off, the default). */
export const NO_FILTER: WordFilter = { holds: () => false };

export function wordFilter(setting: WordFilterSetting): WordFilter {
  if (setting === 'off') return NO_FILTER;
  // The built-in English list (WORD_FILTER=default).
  if (setting === 'default') return matcherFilter(englishDataset, englishRecommendedTransformers);
  return wordFilterFromList(setting.list);
}

/**
 * A filter from the author's own list: one word or phrase per line, blank lines and lines
 * starting with `#` ignored. Each entry matches as a whole word, in any case.
 */
export function wordFilterFromList(list: string): WordFilter {
  const words = list
    .split(/\r?\n/)
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const data = new DataSet<{ word: string }>();
  for (const word of words) {
    // Obscenity's pattern syntax gives meaning to [ ] ? | and \; escape them to match literally.
    const literal = word.replace(/[[\]?|\\]/g, (c) => `\\${c}`);
    data.addPhrase((phrase) => phrase.setMetadata({ word }).addPattern(parseRawPattern(`|${literal}|`)));
  }
  // The recommended English transformers also collapse doubled letters, which suits their own
  // patterns but would stop an author's "pineapple" from ever matching; these keep letters as typed.
  return matcherFilter(data, {
    blacklistMatcherTransformers: [resolveConfusablesTransformer(), resolveLeetSpeakTransformer(), toAsciiLowerCaseTransformer()],
  });
}

function matcherFilter(
  data: DataSet<unknown>,
  transformers: Pick<ConstructorParameters<typeof RegExpMatcher>[0], 'blacklistMatcherTransformers' | 'whitelistMatcherTransformers'>,
): WordFilter {
  const matcher = new RegExpMatcher({ ...data.build(), ...transformers });
  return { holds: (text) => matcher.hasMatch(text) };
}
