// The post-session report: one self-contained HTML file (inline CSS and SVG, no script, nothing
// loaded) that reads on a phone and prints to PDF with one poll per page. Several sessions of one
// deck make a cohort comparison, matched by poll id. Every deck or participant string is escaped.
import { hiddenRoleText } from '../protocol.js';
import { chart, escapeHtml, fill } from './html.js';
import { exportKindOf } from './kinds.js';
import type { RoleCells } from './kinds/kind.js';
import { roundsOf, type SessionExport } from './model.js';
import type { ExportEntry, ExportPoll, ExportRoleSplit } from './types.js';
import type { ExportFollowUp } from './follow-up.js';

export function reportHtml(sessions: SessionExport[]): string {
  const first = sessions[0];
  if (!first) throw new Error('a report needs at least one session');
  if (sessions.some((s) => s.session.deck !== first.session.deck)) {
    throw new Error('sessions of different decks cannot be compared');
  }
  const title = escapeHtml(first.deck.title);
  const comparing = sessions.length > 1;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title} — ${comparing ? 'comparison' : 'report'} (${sessions.map((s) => escapeHtml(s.session.code)).join(', ')})</title>
<style>${STYLE}</style>
</head>
<body>
<header class="cover">
<p class="kicker">Parley ${comparing ? 'comparison' : 'report'}</p>
<h1>${title}</h1>
${first.deck.subtitle ? `<p class="subtitle">${escapeHtml(first.deck.subtitle)}</p>` : ''}
${sessionTable(sessions)}
${comparing ? legend(sessions) : ''}
</header>
${comparing ? '' : followUpBlock(first)}
<main>
${first.polls.map((poll, i) => pollSection(poll, i, sessions)).join('\n')}
</main>
<footer>Made with Parley from the stored answers. Participants are anonymous; percentages are of respondents.</footer>
</body>
</html>
`;
}

function sessionTable(sessions: SessionExport[]): string {
  const rows = sessions
    .map((s) => {
      const last = s.session.endedAt ?? [...s.responses.map((r) => r.answeredAt), ...entriesOf(s).map((e) => e.sentAt)].sort().at(-1) ?? null;
      return `<tr><td><strong>${escapeHtml(s.session.code)}</strong>${selfPacedMark(s)}</td><td>${formatDate(s.session.startedAt)}</td>
<td>${formatTime(s.session.startedAt)}${s.session.endedAt ? `–${formatTime(s.session.endedAt)} UTC` : ' UTC, in progress'}</td>
<td>${last ? duration(s.session.startedAt, last) : '—'}</td><td>${s.session.participants}</td><td>${answers(s) + entriesOf(s).length}</td></tr>`;
    })
    .join('\n');
  return `<table class="sessions"><thead><tr><th>Session</th><th>Date</th><th>Time</th><th>Duration</th><th>Participants</th><th>Answers</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** A self-paced session (pre-work, catch-up) is marked so, beside a live one in a comparison. */
function selfPacedMark(s: SessionExport): string {
  const window = s.session.selfPaced;
  return window ? ` <span class="self-paced">(self-paced, ${formatDate(window.opens)} – ${formatDate(window.closes)})</span>` : '';
}

function legend(sessions: SessionExport[]): string {
  const items = sessions
    .map(
      (s, i) =>
        `<li><svg width="28" height="14" aria-hidden="true"><rect width="28" height="14" ${fill(i)}/></svg> ${escapeHtml(s.session.code)}${selfPacedMark(s)} · ${formatDate(s.session.startedAt)}</li>`,
    )
    .join('');
  return `<ul class="legend">${items}</ul>`;
}

function pollSection(poll: ExportPoll, index: number, sessions: SessionExport[]): string {
  const versions = sessions.map((s) => s.polls.find((p) => p.id === poll.id));
  const rates = sessions
    .map((s, i) => {
      const p = versions[i];
      const label = sessions.length > 1 ? `${escapeHtml(s.session.code)}: ` : '';
      if (!p) return `<span>${label}not asked</span>`;
      // Participants who answered and left before the poll closed still count as reached.
      const base = Math.max(p.participantsAtClose ?? s.session.participants, p.respondents);
      const rate = base ? Math.round((p.respondents / base) * 100) : 0;
      const inRound = p.rounds > 1 ? ` in round ${p.rounds}` : '';
      return `<span>${label}${p.respondents} of ${base} ${exportKindOf(p).responded}${inRound} (${rate}%)</span>`;
    })
    .join(' · ');
  return `<section class="poll" id="poll-${escapeHtml(poll.id)}"${index === 0 ? ' data-first' : ''}>
<p class="slide">Slide ${escapeHtml(poll.slide)}${poll.slideTitle ? ` · ${escapeHtml(poll.slideTitle)}` : ''} · ${exportKindOf(poll).description(poll)}</p>
<h2>${escapeHtml(poll.question)}</h2>
<p class="rate">${rates}</p>
${
  exportKindOf(poll).figuresLine?.(
    poll,
    versions,
    sessions.map((s) => s.session.code),
  ) ?? ''
}
${body(poll, sessions, versions)}
</section>`;
}

/**
 * One session: its poll in detail (every round of a poll voted on again). Several: option polls
 * get the bar chart (one bar per session, each session's last round), the other types one block per session.
 */
function body(poll: ExportPoll, sessions: SessionExport[], versions: (ExportPoll | undefined)[]): string {
  if (sessions.length === 1) return detail(poll);
  if (versions.every((v) => !v || exportKindOf(v).comparesAsChart)) return `${chart(poll, versions)}\n${comparedRounds(sessions, versions)}`;
  return versions
    .map((v, i) => {
      const s = sessions[i]!;
      return `<div class="session-block" data-session="${escapeHtml(s.session.code)}">
<h3>${escapeHtml(s.session.code)} · ${formatDate(s.session.startedAt)}</h3>
${v ? detail(v) : '<p class="muted">not asked</p>'}
</div>`;
    })
    .join('\n');
}

function detail(poll: ExportPoll): string {
  const kind = exportKindOf(poll);
  return [poll.roundResults ? kind.rounds(poll, poll.roundResults) : kind.detail(poll), ...roleTables(poll)].join('\n');
}

/**
 * A deck with roles, option polls: a table by role for every shown round, as the summary has a
 * block per round — each round's floor applied to that round's respondents (a role shown in one
 * round may be too small in another).
 */
function roleTables(poll: ExportPoll): string[] {
  const cells = exportKindOf(poll).byRole;
  const rounds = roundsOf(poll);
  return rounds.flatMap((r) => (r.byRole && cells ? [roleTable(poll, cells, r.byRole, rounds.length > 1 ? r.round : null)] : []));
}

/**
 * A follow-up session: how many of its respondents took part in the earlier session, and per step
 * committed to there, how many of them kept it — counts only, a step under the floor not shown.
 */
function followUpBlock(s: SessionExport): string {
  const f: ExportFollowUp | undefined = s.followUp;
  if (!f) return '';
  const earlier = `${f.earlier.title ? `“${escapeHtml(f.earlier.title)}”, ` : ''}session ${escapeHtml(f.earlier.code)}${f.earlier.startedAt ? ` of ${formatDate(f.earlier.startedAt)}` : ''}`;
  const people = `<p class="rate" data-linked="${f.linked}" data-unlinked="${f.unlinked}"><strong>${f.linked}</strong> of this session's ${f.linked + f.unlinked} respondents took part in the earlier session (linked by their phone's anonymous id); <strong>${f.unlinked}</strong> did not (unlinked).</p>`;
  const kept = f.kept;
  let table = '<p class="muted">The deck has no poll marked <code>kept</code>: no count of kept commitments.</p>';
  if (kept) {
    const optionHeads = kept.options.map((o) => `<th scope="col">${escapeHtml(o.label)}</th>`).join('');
    const columns = kept.options.length + 2;
    const rows = kept.steps
      .map((g) => {
        const name = `<th scope="row">${escapeHtml(g.label)}</th>`;
        if (!g.shown) {
          return `<tr data-step="${escapeHtml(g.step)}" data-shown="false" data-hidden="${g.hidden}">${name}<td class="muted" colspan="${columns}">${hiddenRoleText(g.hidden, f.floor)}</td></tr>`;
        }
        const options = g.options
          .map((o) => `<td data-step="${escapeHtml(g.step)}" data-option="${escapeHtml(o.id)}" data-count="${o.count}">${o.count}</td>`)
          .join('');
        return `<tr data-step="${escapeHtml(g.step)}" data-shown="true">${name}<td>${g.respondents}</td><td data-kept="${g.kept}"><strong>${g.kept}</strong></td>${options}</tr>`;
      })
      .join('\n');
    table = `<table class="by-role follow-up" data-floor="${f.floor}" data-poll="${escapeHtml(kept.pollId)}"><caption>“${escapeHtml(kept.question)}”: answers of those linked, by the step they committed to in the earlier session; kept = “${escapeHtml(kept.keptLabel)}”. A step with fewer than ${f.floor} answers is not shown on its own, nor one that would reveal a group under ${f.floor}. Counts only: no one's answers.</caption>
<thead><tr><th>Step committed to</th><th>Answered</th><th>Kept</th>${optionHeads}</tr></thead>
<tbody>${rows}</tbody></table>`;
  }
  return `<section class="follow-up-summary" id="follow-up">
<p class="slide">Follow-up</p>
<h2>Follow-up of ${earlier}</h2>
${people}
${table}
</section>`;
}

/** Answers of a session: a vote counts once, even a paired poll's (one response row per question). */
function answers(s: SessionExport): number {
  return new Set(s.responses.map((r) => JSON.stringify([r.pollId, r.round, r.participant]))).size;
}

/**
 * One round's counts per role (a deck with roles; `round` null: the poll's only round): one row
 * per role of the deck; a role not shown on its own says why — "fewer than N", or "hidden to
 * protect a group under N" (its answers are in the chart's total only).
 */
function roleTable(poll: ExportPoll, cells: RoleCells, split: ExportRoleSplit, round: number | null): string {
  const head = poll.options.map((o) => `<th scope="col">${escapeHtml(o.label)}</th>`).join('');
  const column = cells.column;
  const rows = split.groups
    .map((g) => {
      const name = `<th scope="row">${escapeHtml(g.label)}</th>`;
      if (!g.shown) {
        return `<tr data-role="${escapeHtml(g.role)}" data-shown="false" data-hidden="${g.hidden}">${name}<td class="muted" colspan="${poll.options.length + 1 + (column ? 1 : 0)}">${hiddenRoleText(g.hidden, split.floor)}</td></tr>`;
      }
      const options = g.options.map((o) => cells.cell(poll, o, `data-role="${escapeHtml(g.role)}" data-option="${escapeHtml(o.id)}"`)).join('');
      return `<tr data-role="${escapeHtml(g.role)}" data-shown="true">${name}<td>${g.respondents}</td>${options}${column?.cell(g) ?? ''}</tr>`;
    })
    .join('\n');
  const floor = split.floor;
  const caption = `By role${round === null ? '' : ` in round ${round}`}. A role with fewer than ${floor} answers is not shown on its own, nor one that would reveal a group under ${floor}: their answers are in the total only.`;
  return `<table class="by-role" data-floor="${floor}"${round === null ? '' : ` data-round="${round}"`}><caption>${caption}</caption>
<thead><tr><th>Role</th><th>Answered</th>${head}${column?.head ?? ''}</tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** Several sessions: each one whose poll was voted on again says so (the chart shows its last round) and who changed. */
function comparedRounds(sessions: SessionExport[], versions: (ExportPoll | undefined)[]): string {
  const notes = versions.flatMap((v, i) => {
    const last = v?.roundResults?.at(-1);
    if (!v || !last) return [];
    return [
      `<span>${escapeHtml(sessions[i]!.session.code)}: ${v.rounds} rounds, the last shown; ${last.changed ?? 0} of ${last.answeredBoth ?? 0} changed their answer</span>`,
    ];
  });
  return notes.length ? `<p class="rate changed">${notes.join(' · ')}</p>` : '';
}

function entriesOf(s: SessionExport): ExportEntry[] {
  return s.polls.flatMap((p) => p.entries ?? []);
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function formatTime(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}

function duration(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a; background: #fff; }
h1 { font-size: 2rem; margin: 0.2em 0; line-height: 1.15; }
h2 { font-size: 1.3rem; margin: 0.2em 0 0.3em; }
.kicker, .slide { text-transform: uppercase; letter-spacing: 0.06em; color: #555; font-size: 0.8rem; margin: 0; }
.subtitle { font-size: 1.15rem; color: #333; margin: 0 0 1em; }
.sessions { border-collapse: collapse; margin: 1em 0; font-size: 0.95rem; }
.sessions th, .sessions td { border-bottom: 1px solid #ddd; padding: 6px 14px 6px 0; text-align: left; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 18px; }
.poll { border-top: 2px solid #e5e7eb; padding: 18px 0 8px; break-inside: avoid; page-break-inside: avoid; }
.rate { color: #444; margin: 0 0 10px; }
.chart { margin: 0; }
.row { display: grid; grid-template-columns: minmax(0, 34%) 1fr; gap: 4px 16px; align-items: center; padding: 5px 0; }
.bar-line { display: grid; grid-template-columns: 1fr 7.5em; align-items: center; gap: 10px; margin: 2px 0; }
.bar { display: block; }
.track { fill: #eef0f4; }
.value { font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #666; font-weight: 400; }
.bar-line.wide { grid-template-columns: 1fr 13em; }
.first { margin: 0; color: #444; font-size: 0.9rem; }
.cloud { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; padding: 8px 0 14px; line-height: 1.2; }
.word { font-weight: 600; color: #1d4ed8; }
.word .n { font-size: 0.55em; font-weight: 400; color: #555; margin-left: 2px; vertical-align: super; }
.answers, .questions { margin: 0; padding-left: 1.6em; }
.answers li, .questions li { padding: 3px 0; overflow-wrap: anywhere; }
.votes { display: inline-block; min-width: 5.5em; font-weight: 600; font-variant-numeric: tabular-nums; }
.flag { display: inline-block; font-size: 0.8rem; color: #7c2d12; background: #fef3c7; border: 1px solid #d97706; border-radius: 4px; padding: 0 6px; margin-left: 4px; }
.flag.answered { color: #064e3b; background: #d1fae5; border-color: #047857; }
.entry.hidden s { color: #666; }
.session-block h3, .round-block h3, .poll h3 { font-size: 1rem; margin: 14px 0 4px; }
.round-line { grid-template-columns: 4.5em 1fr 7.5em; }
.round-name { color: #444; font-size: 0.85rem; white-space: nowrap; }
.changed { margin: 10px 0 6px; }
.flows, .rounds-table { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.95rem; font-variant-numeric: tabular-nums; }
.flows caption { caption-side: bottom; text-align: left; color: #555; font-size: 0.85rem; padding-top: 4px; }
.flows th, .flows td, .rounds-table th, .rounds-table td { border: 1px solid #d1d5db; padding: 4px 10px; text-align: left; }
.flows td { text-align: right; min-width: 3em; }
.flows td.stayed { background: #eef0f4; }
.flows td.moved { font-weight: 700; }
.gap { margin: 10px 0 6px; }
.by-role { border-collapse: collapse; margin: 10px 0; font-size: 0.95rem; font-variant-numeric: tabular-nums; }
.by-role caption { caption-side: bottom; text-align: left; color: #555; font-size: 0.85rem; padding-top: 4px; }
.by-role th, .by-role td { border: 1px solid #d1d5db; padding: 4px 10px; text-align: left; }
footer { margin-top: 24px; color: #666; font-size: 0.85rem; }
@media (max-width: 640px) {
  body { padding: 14px; }
  h1 { font-size: 1.5rem; }
  .sessions { display: block; overflow-x: auto; }
  .row { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 15mm; }
  body { padding: 0; max-width: none; }
  .poll:not([data-first]) { break-before: page; page-break-before: always; }
  .poll { border-top: 0; }
}
`;
