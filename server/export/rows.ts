// The rows of the two tables every spreadsheet export holds, and of a follow-up's section (CSV and XLSX share them).
import { hiddenRoleText } from '../protocol.js';
import { exportKindOf } from './kinds.js';
import type { SummaryRow } from './kinds/kind.js';
import { roundsOf, type SessionExport } from './model.js';
import type { Cell, ExportOption, ExportPoll } from './types.js';

export const SUMMARY_COLUMNS = [
  'poll_id',
  'round',
  'slide',
  'question',
  'role',
  'asked',
  'option_id',
  'label',
  'count',
  'percent',
  'respondents',
  'participants_at_close',
  'gap',
  'type',
  'mean',
  'average_position',
  'status',
  'answered_both',
  'changed',
];

export const RESPONSE_COLUMNS = [
  'session_code',
  'deck_title',
  'slide',
  'poll_id',
  'round',
  'question',
  'participant',
  'role',
  'asked',
  'option_ids',
  'labels',
  'answered_at',
  'changes',
  'text',
  'status',
  'votes',
];

/** A table: its header and rows, the cells in the header's order. */
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/** The responses' columns the linked export leaves out (linked.ts says why). */
const UNLINKED_COLUMNS = new Set(['answered_at', 'changes', 'text', 'status', 'votes']);

/**
 * The columns a session's export uses: `role` only when the deck names roles, `asked` and `gap`
 * only when one of its polls is paired (`ask`); the others always.
 */
function used(data: SessionExport, columns: string[]): string[] {
  const roles = Boolean(data.deck.roles?.length);
  const paired = data.polls.some((p) => p.ask);
  return columns.filter((c) => (c === 'role' ? roles : c === 'asked' || c === 'gap' ? paired : true));
}

function table(data: SessionExport, columns: string[], rows: Record<string, Cell>[]): Table {
  const shown = used(data, columns);
  return { columns: shown, rows: rows.map((row) => shown.map((c) => row[c] ?? null)) };
}

/**
 * A round's rows are its poll's kind's (kinds/). Option polls: one row per option (rank: count =
 * put first, plus its average position; a paired poll: one row per question and option, `asked`
 * naming the question).
 * Text polls: one row per word of the cloud. Q&A polls: one row per question, count = its votes.
 * A poll voted on again has one such block per round, oldest first; the rounds after the first
 * say how many answered both that round and the one before, and how many of them changed.
 * A deck with roles: after each option poll's round, the same rows per role (`role` = its label),
 * and for a role not shown on its own one row saying why: "fewer than N", or "hidden to protect a
 * group under N" for a role left out so that the rest cannot be worked out (hiddenRoleText).
 */
export function summaryTable(data: SessionExport): Table {
  const rows = data.polls.flatMap((p) => {
    const kind = exportKindOf(p);
    return roundsOf(p).flatMap((r): Record<string, Cell>[] => {
      const common: Record<string, Cell> = {
        poll_id: p.id,
        round: r.round,
        slide: p.slide,
        question: p.question,
        respondents: r.respondents,
        participants_at_close: p.participantsAtClose,
        gap: r.gap ?? null,
        type: p.type,
        mean: r.mean ?? null,
        answered_both: r.answeredBoth ?? null,
        changed: r.changed ?? null,
      };
      const row: SummaryRow = (optionId, label, count, percent, more = {}) => ({
        ...common,
        option_id: optionId,
        label,
        count,
        percent,
        ...more,
      });
      // The round's rows, or a role's (`more`: its columns).
      const kindRows = (options: ExportOption[], more: Record<string, Cell>) =>
        kind.summaryRows(p, r, options, (optionId, label, count, percent, own = {}) => row(optionId, label, count, percent, { ...more, ...own }));
      const byRole = (r.byRole?.groups ?? []).flatMap((g) =>
        g.shown
          ? kindRows(g.options, { role: g.label, respondents: g.respondents, mean: g.mean ?? null, gap: g.gap ?? null })
          : [
              {
                ...row('', hiddenRoleText(g.hidden, r.byRole!.floor), null, null, { role: g.label }),
                respondents: null,
                mean: null,
                gap: null,
                answered_both: null,
                changed: null,
              },
            ],
      );
      return [...kindRows(r.options, {}), ...byRole];
    });
  });
  return table(data, SUMMARY_COLUMNS, rows);
}

/**
 * One row per participant per poll and round (a multi-choice answer keeps its options in one
 * cell, a ranking lists them first to last; a paired poll: one row per question, `asked` naming
 * it), and one row per text answer or Q&A question; round by round (as shown: 1, 2, …), then in
 * the order answered or sent. The participant is the export's pseudonym (per poll, or linked).
 */
export function responseTable(data: SessionExport): Table {
  const rows = data.polls.flatMap((poll) => {
    const votes = data.responses
      .filter((r) => r.pollId === poll.id)
      .map((r) => ({
        ...lead(data, poll, r.round, r.participant),
        role: r.role ?? '',
        asked: r.asked ?? '',
        option_ids: r.optionIds.join(';'),
        labels: r.labels.join('; '),
        answered_at: r.answeredAt === undefined ? null : new Date(r.answeredAt),
        changes: r.changes ?? null,
        text: '',
        status: '',
        votes: null,
      }));
    const entries = [...(poll.entries ?? [])]
      .sort((a, b) => a.round - b.round || a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id))
      .map((e) => ({
        ...lead(data, poll, e.round, e.participant),
        role: e.role ?? '',
        asked: '',
        option_ids: '',
        labels: '',
        answered_at: new Date(e.sentAt),
        changes: 0,
        text: e.text,
        status: e.status,
        votes: e.votes ?? null,
      }));
    return [...votes, ...entries];
  });
  return table(data, data.linked ? RESPONSE_COLUMNS.filter((c) => !UNLINKED_COLUMNS.has(c)) : RESPONSE_COLUMNS, rows);
}

function lead(data: SessionExport, poll: ExportPoll, round: number, participant: string): Record<string, Cell> {
  return {
    session_code: data.session.code,
    deck_title: data.deck.title,
    slide: poll.slide,
    poll_id: poll.id,
    round,
    question: poll.question,
    participant,
  };
}

/** A follow-up session's part of the spreadsheets (followUpRows): a few lines about it, then the table of earlier steps. */
export interface FollowUpRows {
  /** "Follow-up of CODE" with the earlier deck's title and start, then `linked`, `unlinked`, `floor` and the kept poll. */
  about: Cell[][];
  /** One row per step of the earlier commitment poll; null when the deck has no poll marked `kept`. */
  steps: Table | null;
}

/**
 * A follow-up session's section (follow-up.ts), as the report shows it: the earlier session, how
 * many respondents were linked and not, the privacy floor, and for the deck's `kept` poll a row per
 * earlier step — answered, kept, then each option's count (columns named by the option labels) —
 * or, for a step not shown on its own, why ("fewer than 5") in `answered`. Null for any other session.
 */
export function followUpRows(data: SessionExport): FollowUpRows | null {
  const f = data.followUp;
  if (!f) return null;
  const about: Cell[][] = [
    [`Follow-up of ${f.earlier.code}`, f.earlier.title, f.earlier.startedAt === null ? null : new Date(f.earlier.startedAt)],
    ['linked', f.linked],
    ['unlinked', f.unlinked],
    ['floor', f.floor],
  ];
  const kept = f.kept;
  if (!kept) return { about: [...about, ['kept_poll', null, 'The deck has no poll marked kept: no count of kept commitments.']], steps: null };
  about.push(['kept_poll', kept.pollId, kept.question], ['kept_option', kept.keptOption, kept.keptLabel]);
  const columns = ['step', 'label', 'answered', 'kept', ...kept.options.map((o) => o.label)];
  const rows = kept.steps.map((s): Cell[] => {
    const cells: Cell[] = s.shown
      ? [s.step, s.label, s.respondents, s.kept, ...s.options.map((o) => o.count)]
      : [s.step, s.label, hiddenRoleText(s.hidden, f.floor)];
    return [...cells, ...Array<Cell>(columns.length - cells.length).fill(null)];
  });
  return { about, steps: { columns, rows } };
}
