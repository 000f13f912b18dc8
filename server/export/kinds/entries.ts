// What open-text answers and Q&A questions share in the report: each entry's text as the
// presenter moderated it, and a block per round of the entries sent in it.
import { escapeHtml, roundBlock } from '../html.js';
import type { ExportEntry, ExportPoll, ExportRound } from '../types.js';

/** A poll voted on again: per round, `view` of the round and the entries sent in it. */
export function entryRounds(poll: ExportPoll, rounds: ExportRound[], view: (round: ExportRound, entries: ExportEntry[]) => string): string {
  return rounds
    .map((r) =>
      roundBlock(
        r.round,
        view(
          r,
          (poll.entries ?? []).filter((e) => e.round === r.round),
        ),
      ),
    )
    .join('\n');
}

/** The escaped text; hidden entries struck through, hidden and held ones labelled. */
export function entryText(e: ExportEntry): string {
  const text = escapeHtml(e.text);
  if (e.status === 'hidden') return `<s>${text}</s> <span class="flag">hidden by the presenter</span>`;
  if (e.status === 'held') return `${text} <span class="flag">held by the word filter</span>`;
  return text;
}
