// Open-text polls: the word cloud of the shown answers and every answer, flagged as moderated;
// the summary has a row per word of the cloud.
import type { TextPoll } from '../../deck/types.js';
import type { WordCount } from '../../protocol.js';
import { escapeHtml } from '../html.js';
import { percentOf } from '../percent.js';
import type { ExportEntry } from '../types.js';
import { entryRounds, entryText } from './entries.js';
import type { ExportKind } from './kind.js';

export const text: ExportKind<TextPoll> = {
  summaryRows: (_poll, round, _options, row) => (round.words ?? []).map(([word, count]) => row('', word, count, percentOf(count, round.respondents))),
  description: () => 'open text',
  responded: 'answered',
  comparesAsChart: false,
  detail: (poll) => answers(poll.words ?? [], poll.entries ?? []),
  rounds: (poll, rounds) => entryRounds(poll, rounds, (r, entries) => answers(r.words ?? [], entries)),
};

function answers(words: WordCount[], entries: ExportEntry[]): string {
  return `${cloud(words)}\n${answerList(entries)}`;
}

/** The words of the shown answers, most used first; a word's size grows with its count. */
function cloud(words: WordCount[]): string {
  if (!words.length) return `<div class="cloud"><p class="muted">No words to show.</p></div>`;
  const counts = words.map(([, n]) => n);
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  const spans = words
    .map(([word, n]) => {
      const size = max > min ? 0.9 + (1.7 * (n - min)) / (max - min) : 1.4;
      const answers = n === 1 ? '1 answer' : `${n} answers`;
      return `<span class="word" data-word="${escapeHtml(word)}" data-count="${n}" title="${escapeHtml(word)}: ${answers}" style="font-size: ${size.toFixed(2)}em">${escapeHtml(word)}<small class="n">${n}</small></span>`;
    })
    .join(' ');
  return `<div class="cloud" aria-label="Word cloud of the shown answers">${spans}</div>`;
}

function answerList(entries: ExportEntry[]): string {
  if (!entries.length) return '<p class="muted">No answers.</p>';
  const items = entries.map((e) => `<li class="entry ${escapeHtml(e.status)}" data-status="${escapeHtml(e.status)}">${entryText(e)}</li>`).join('\n');
  return `<ol class="answers">\n${items}\n</ol>`;
}
