// Paired single-choice polls (`ask: [should, would]`): two questions over the same options, each
// counted on its own, and the gap — how many answered the two differently. A vote is a response
// per question; the report draws a bar per question for each option.
import type { PollAsk, SinglePoll } from '../../deck/types.js';
import { BAR_HEIGHT, escapeHtml, fill, formatPercent, movements, roundBlock } from '../html.js';
import { percentOf } from '../percent.js';
import type { ExportOption, ExportPoll } from '../types.js';
import { single } from './choice.js';
import type { ExportKind } from './kind.js';

export const paired: ExportKind<SinglePoll> = {
  ...single,
  fields: (poll, last) => ({ ask: poll.ask, gap: last.gap ?? 0 }),
  option(optionId, { asked, respondents }) {
    if (!asked) return {};
    return {
      asked: Object.fromEntries(
        Object.entries(asked).map(([ask, c]) => [ask, { count: c[optionId] ?? 0, percent: percentOf(c[optionId] ?? 0, respondents) }]),
      ),
    };
  },
  responses: (poll, optionIds) => (poll.ask ?? []).map((a, i) => ({ asked: a.id, optionIds: optionIds[i] === undefined ? [] : [optionIds[i]!] })),
  summaryRows: (poll, _round, options, row) =>
    asksOf(poll).flatMap((a) => options.map((o) => row(o.id, o.label, o.asked?.[a.id]?.count ?? 0, o.asked?.[a.id]?.percent ?? 0, { asked: a.id }))),
  detail: (poll) => `${pairedChart(poll, poll.options, asksOf(poll))}\n${gapLine(asksOf(poll), poll.gap ?? 0)}`,
  rounds(poll, rounds) {
    const ask = asksOf(poll);
    const blocks = rounds.map((r) => roundBlock(r.round, `${pairedChart(poll, r.options, ask, r.round)}\n${gapLine(ask, r.gap ?? 0, r.round)}`));
    return [...blocks, ...movements(poll, rounds)].join('\n');
  },
  byRole: {
    cell: (poll, o, at) =>
      `<td>${asksOf(poll)
        .map(
          (a) =>
            `<span ${at} data-asked="${escapeHtml(a.id)}" data-count="${o.asked?.[a.id]?.count ?? 0}">${escapeHtml(a.id)} ${o.asked?.[a.id]?.count ?? 0}</span>`,
        )
        .join(' · ')}</td>`,
    column: {
      head: '<th>Answered the two differently</th>',
      cell: (group) => `<td data-role="${escapeHtml(group.role)}" data-gap="${group.gap ?? 0}">${group.gap ?? 0}</td>`,
    },
  },
};

/** The two questions (a paired poll is one with `ask`: see kinds.ts). */
function asksOf(poll: ExportPoll): PollAsk[] {
  return poll.ask ?? [];
}

/** Per option one bar per question (should, would), each with its count and percentage. */
function pairedChart(poll: ExportPoll, options: ExportOption[], ask: PollAsk[], round?: number): string {
  const rows = options
    .map((option) => {
      const bars = ask
        .map((a, i) => {
          const { count, percent } = option.asked?.[a.id] ?? { count: 0, percent: 0 };
          return (
            `<div class="bar-line round-line"><span class="round-name">${escapeHtml(a.id)}</span><svg class="bar" width="100%" height="${BAR_HEIGHT}" aria-hidden="true">` +
            `<rect class="track" width="100%" height="${BAR_HEIGHT}"/>` +
            `<rect width="${percent}%" height="${BAR_HEIGHT}" ${fill(i)} data-option="${escapeHtml(option.id)}" data-asked="${escapeHtml(a.id)}"${round === undefined ? '' : ` data-round="${round}"`} data-count="${count}"/></svg>` +
            `<span class="value">${count} · ${formatPercent(percent)}</span></div>`
          );
        })
        .join('');
      return `<div class="row"><div class="label">${escapeHtml(option.label)}</div><div class="bars">${bars}</div></div>`;
    })
    .join('\n');
  const questions = ask.map((a) => `<strong>${escapeHtml(a.id)}</strong>: ${escapeHtml(a.question)}`).join(' · ');
  return `<figure class="chart paired" aria-label="${escapeHtml(poll.question)}">\n${rows}\n<figcaption class="muted">${questions}</figcaption>\n</figure>`;
}

/** "11 would do something other than what they think they should" (the default should / would pair), else "N answered the two questions differently". */
function gapSentence(ask: PollAsk[], gap: number): string {
  const [first, second] = ask.map((a) => a.id);
  if (first === 'should' && second === 'would') return `${gap} would do something other than what they think they should`;
  return `${gap} answered the two questions differently`;
}

function gapLine(ask: PollAsk[], gap: number, round?: number): string {
  return `<p class="gap" data-gap="${gap}"${round === undefined ? '' : ` data-round="${round}"`}><strong>${escapeHtml(gapSentence(ask, gap))}</strong>.</p>`;
}
