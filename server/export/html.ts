// The report's building blocks that more than one kind of poll draws (kinds/) besides the report
// itself: escaping, bars and their fills, the charts of option polls, and how a room moved
// between rounds. Every deck or participant string is escaped.
import type { ExportPoll, ExportRound } from './types.js';

const FILLS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c'];
const PATTERNS = ['', '4 2', '1 2', '6 2 1 2', '2 2'];
export const BAR_HEIGHT = 22;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function fill(index: number): string {
  const color = FILLS[index % FILLS.length]!;
  const dash = PATTERNS[index % PATTERNS.length]!;
  // Sessions differ by outline pattern too, so print in black and white still tells them apart.
  return `fill="${color}"${dash ? ` stroke="#111" stroke-width="1.5" stroke-dasharray="${dash}"` : ''}`;
}

export function formatPercent(p: number): string {
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/**
 * One row per option: the label as text (it wraps on a phone) and one SVG bar per session. A
 * bar's width is its share of respondents (percent), so sessions of different sizes compare
 * fairly; the count and percentage are printed beside it.
 */
export function chart(poll: ExportPoll, versions: (ExportPoll | undefined)[]): string {
  const rows = poll.options
    .map((option) => {
      const bars = versions
        .map((version, v) => {
          const counted = version?.options.find((x) => x.id === option.id);
          if (!counted) return `<div class="bar-line"><span class="value muted">not asked</span></div>`;
          return (
            `<div class="bar-line"><svg class="bar" width="100%" height="${BAR_HEIGHT}" aria-hidden="true">` +
            `<rect class="track" width="100%" height="${BAR_HEIGHT}"/>` +
            `<rect width="${counted.percent}%" height="${BAR_HEIGHT}" ${fill(v)} data-option="${escapeHtml(option.id)}" data-count="${counted.count}"/></svg>` +
            `<span class="value">${counted.count} · ${formatPercent(counted.percent)}</span></div>`
          );
        })
        .join('');
      return `<div class="row"><div class="label">${escapeHtml(option.label)}</div><div class="bars">${bars}</div></div>`;
    })
    .join('\n');
  return `<figure class="chart" aria-label="${escapeHtml(poll.question)}">\n${rows}\n</figure>`;
}

/** Per option, one bar per round: earlier rounds pale, the last one solid; its count and percentage beside it. */
export function roundsChart(poll: ExportPoll, rounds: ExportRound[]): string {
  const last = rounds.length - 1;
  const rows = poll.options
    .map((option) => {
      const bars = rounds
        .map((r, i) => {
          const counted = r.options.find((x) => x.id === option.id);
          const count = counted?.count ?? 0;
          const percent = counted?.percent ?? 0;
          const opacity = i === last ? 1 : 0.3 + (0.4 * i) / last;
          return (
            `<div class="bar-line round-line"><span class="round-name">Round ${r.round}</span><svg class="bar" width="100%" height="${BAR_HEIGHT}" aria-hidden="true">` +
            `<rect class="track" width="100%" height="${BAR_HEIGHT}"/>` +
            `<rect width="${percent}%" height="${BAR_HEIGHT}" fill="${FILLS[0]}" fill-opacity="${opacity.toFixed(2)}"${i === last ? '' : ' stroke="#1d4ed8" stroke-width="1"'} data-option="${escapeHtml(option.id)}" data-round="${r.round}" data-count="${count}"/></svg>` +
            `<span class="value">${count} · ${formatPercent(percent)}</span></div>`
          );
        })
        .join('');
      return `<div class="row"><div class="label">${escapeHtml(option.label)}</div><div class="bars">${bars}</div></div>`;
    })
    .join('\n');
  const respondents = rounds.map((r) => `round ${r.round}: ${r.respondents} answered`).join(' · ');
  return `<figure class="chart rounds" aria-label="${escapeHtml(poll.question)}, round by round">\n${rows}\n<figcaption class="muted">${respondents}; round 1 pale, round ${rounds.at(-1)!.round} solid.</figcaption>\n</figure>`;
}

/** One round of a poll voted on again, under its heading. */
export function roundBlock(round: number, shown: string): string {
  return `<div class="round-block" data-round="${round}">\n<h3>Round ${round}</h3>\n${shown}\n</div>`;
}

/** An option poll voted on again: after each round but the first, how the room moved from the round before. */
export function movements(poll: ExportPoll, rounds: ExportRound[]): string[] {
  return rounds.slice(1).map((r, i) => movement(poll, r, rounds[i]!));
}

/** "2 of 5 changed their answer" from the round before to this one; for one-answer polls, who went from which option to which. */
function movement(poll: ExportPoll, round: ExportRound, before: ExportRound): string {
  const both = round.answeredBoth ?? 0;
  const changed = round.changed ?? 0;
  const line = `<p class="changed" data-round="${round.round}" data-changed="${changed}" data-answered-both="${both}"><strong>${changed} of ${both} changed their answer</strong> from round ${before.round} to round ${round.round} (of those who answered both).</p>`;
  const flows = round.flows;
  if (!flows || !both) return line;
  const labels = new Map(poll.options.map((o) => [o.id, escapeHtml(o.label)]));
  const head = poll.options.map((o) => `<th scope="col">${labels.get(o.id)}</th>`).join('');
  const rows = poll.options
    .map((from) => {
      const cells = poll.options
        .map((to) => {
          const n = flows[from.id]?.[to.id] ?? 0;
          return `<td class="${from.id === to.id ? 'stayed' : n ? 'moved' : 'none'}" data-from="${escapeHtml(from.id)}" data-to="${escapeHtml(to.id)}">${n}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${labels.get(from.id)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `${line}
<table class="flows" data-round="${round.round}"><caption>Who went where: rows round ${before.round}, columns round ${round.round} (the diagonal stayed)</caption>
<thead><tr><th>Round ${before.round} → ${round.round}</th>${head}</tr></thead>
<tbody>${rows}</tbody></table>`;
}
