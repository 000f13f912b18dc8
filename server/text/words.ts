// The word cloud of a `text` poll: which words the answers use and how often. Shared by the
// server (phones' results, exports) and the presenter's live cloud, so all three agree.
// Pure; stop words come from the `stopword` package's English list.
import { eng } from 'stopword';
import type { WordCount } from '../protocol.js';

/**
 * Words a cloud never shows: the English stop words, plus what that list lacks — contractions'
 * leftovers, "us", and fillers that say nothing on their own ("thing", "lot").
 */
const STOP_WORDS = new Set([
  ...eng,
  ...['s', 't', 'd', 'll', 're', 've', 'm', 'don', 'doesn', 'didn', 'can', 'cannot', 'us'],
  ...['just', 'also', 'etc', 'really', 'get', 'would', 'could', 'should', 'thing', 'things', 'lot'],
]);

/** Letters or digits, with inner apostrophes or hyphens ("mentee's", "follow-up"). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** The words of one text, case folded, possessives trimmed, stop words and single characters dropped. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0].replace(/['’]s$/, '').replace(/’/g, "'");
    if ([...word].length > 1 && !STOP_WORDS.has(word) && !/^\d+$/.test(word)) words.push(word);
  }
  return words;
}

/**
 * How many texts use each word (a word repeated within one answer counts once, so one verbose
 * answer cannot dominate), most used first, ties in alphabetical order; at most `max` words.
 */
export function wordCounts(texts: Iterable<string>, max = 60): WordCount[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of new Set(wordsOf(text))) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max);
}
