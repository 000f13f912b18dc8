// The post-session report: one self-contained HTML file (inline CSS and SVG, no script, nothing
// loaded) that reads on a phone and prints to PDF with one poll per page. Several sessions of one
// deck make a cohort comparison, matched by poll id. Every deck or participant string is escaped.
import { hiddenRoleText, type WordCount } from '../protocol.js';
import type { PollAsk } from '../deck/types.js';
import {
  type ExportEntry,
  type ExportOption,
  type ExportPoll,
  type ExportRoleSplit,
  type ExportRound,
  roundsOf,
  type SessionExport,
} from './model.js';

const FILLS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c'];
const PATTERNS = ['', '4 2', '1 2', '6 2 1 2', '2 2'];
const BAR_HEIGHT = 22;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

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
      return `<tr><td><strong>${escapeHtml(s.session.code)}</strong></td><td>${formatDate(s.session.startedAt)}</td>
<td>${formatTime(s.session.startedAt)}${s.session.endedAt ? `–${formatTime(s.session.endedAt)} UTC` : ' UTC, in progress'}</td>
<td>${last ? duration(s.session.startedAt, last) : '—'}</td><td>${s.session.participants}</td><td>${answers(s) + entriesOf(s).length}</td></tr>`;
    })
    .join('\n');
  return `<table class="sessions"><thead><tr><th>Session</th><th>Date</th><th>Time</th><th>Duration</th><th>Participants</th><th>Answers</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function legend(sessions: SessionExport[]): string {
  const items = sessions
    .map(
      (s, i) =>
        `<li><svg width="28" height="14" aria-hidden="true"><rect width="28" height="14" ${fill(i)}/></svg> ${escapeHtml(s.session.code)} · ${formatDate(s.session.startedAt)}</li>`,
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
      return `<span>${label}${p.respondents} of ${base} ${p.type === 'qa' ? 'asked' : 'answered'}${inRound} (${rate}%)</span>`;
    })
    .join(' · ');
  return `<section class="poll" id="poll-${escapeHtml(poll.id)}"${index === 0 ? ' data-first' : ''}>
<p class="slide">Slide ${escapeHtml(poll.slide)}${poll.slideTitle ? ` · ${escapeHtml(poll.slideTitle)}` : ''} · ${kind(poll)}</p>
<h2>${escapeHtml(poll.question)}</h2>
<p class="rate">${rates}</p>
${poll.scale ? meanLine(poll, sessions, versions, poll.scale.max) : ''}
${body(poll, sessions, versions)}
</section>`;
}

/** A scale poll's mean: per session, or per round for one session's poll voted on again. */
function meanLine(poll: ExportPoll, sessions: SessionExport[], versions: (ExportPoll | undefined)[], max: number): string {
  const means =
    sessions.length === 1 && poll.roundResults
      ? poll.roundResults.map((r) => `round ${r.round} ${r.mean ?? '—'}`)
      : versions.map((v, i) => `${sessions.length > 1 ? `${escapeHtml(sessions[i]!.session.code)} ` : ''}${v?.mean ?? '—'}`);
  return `<p class="rate">Mean: ${means.join(' · ')} (of ${max})</p>`;
}

/**
 * One session: its poll in detail (every round of a poll voted on again). Several: option polls
 * get the bar chart (one bar per session, each session's last round), the other types one block per session.
 */
function body(poll: ExportPoll, sessions: SessionExport[], versions: (ExportPoll | undefined)[]): string {
  if (sessions.length === 1) return detail(poll);
  if (versions.every((v) => !v || isOptionChart(v))) return `${chart(poll, versions)}\n${comparedRounds(sessions, versions)}`;
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

function isOptionChart(poll: ExportPoll): boolean {
  return poll.type !== 'text' && poll.type !== 'qa' && poll.type !== 'rank';
}

function detail(poll: ExportPoll): string {
  return [detailOfRounds(poll), ...roleTables(poll)].join('\n');
}

/**
 * A deck with roles, option polls: a table by role for every shown round, as the summary has a
 * block per round — each round's floor applied to that round's respondents (a role shown in one
 * round may be too small in another).
 */
function roleTables(poll: ExportPoll): string[] {
  const rounds = roundsOf(poll);
  return rounds.flatMap((r) => (r.byRole ? [roleTable(poll, r.byRole, rounds.length > 1 ? r.round : null)] : []));
}

function detailOfRounds(poll: ExportPoll): string {
  if (poll.roundResults) return roundsDetail(poll, poll.roundResults);
  if (poll.type === 'text') return `${cloud(poll.words ?? [])}\n${answerList(poll.entries ?? [])}`;
  if (poll.type === 'qa') return questionList(poll.entries ?? []);
  if (poll.type === 'rank') return ranking(poll);
  if (poll.ask) return `${pairedChart(poll, poll.options, poll.ask)}\n${gapLine(poll.ask, poll.gap ?? 0)}`;
  return chart(poll, [poll]);
}

/** Answers of a session: a vote counts once, even a paired poll's (one response row per question). */
function answers(s: SessionExport): number {
  return new Set(s.responses.map((r) => JSON.stringify([r.pollId, r.round, r.participant]))).size;
}

/** A paired poll: per option one bar per question (should, would), each with its count and percentage. */
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

/**
 * One round's counts per role (a deck with roles; `round` null: the poll's only round): one row
 * per role of the deck; a role not shown on its own says why — "fewer than N", or "hidden to
 * protect a group under N" (its answers are in the chart's total only).
 */
function roleTable(poll: ExportPoll, split: ExportRoleSplit, round: number | null): string {
  const ask = poll.ask;
  const head = poll.options.map((o) => `<th scope="col">${escapeHtml(o.label)}</th>`).join('');
  const scale = poll.type === 'scale';
  const rows = split.groups
    .map((g) => {
      const name = `<th scope="row">${escapeHtml(g.label)}</th>`;
      if (!g.shown) {
        return `<tr data-role="${escapeHtml(g.role)}" data-shown="false" data-hidden="${g.hidden}">${name}<td class="muted" colspan="${poll.options.length + 1 + (scale ? 1 : 0) + (ask ? 1 : 0)}">${hiddenRoleText(g.hidden, split.floor)}</td></tr>`;
      }
      const cells = g.options
        .map((o) => {
          const at = `data-role="${escapeHtml(g.role)}" data-option="${escapeHtml(o.id)}"`;
          if (ask) {
            return `<td>${ask.map((a) => `<span ${at} data-asked="${escapeHtml(a.id)}" data-count="${o.asked?.[a.id]?.count ?? 0}">${escapeHtml(a.id)} ${o.asked?.[a.id]?.count ?? 0}</span>`).join(' · ')}</td>`;
          }
          if (poll.type === 'rank') return `<td ${at} data-count="${o.count}">${o.averagePosition ?? '—'} average · first for ${o.count}</td>`;
          return `<td ${at} data-count="${o.count}">${o.count} · ${formatPercent(o.percent)}</td>`;
        })
        .join('');
      const extra = `${scale ? `<td>${g.mean ?? '—'}</td>` : ''}${ask ? `<td data-role="${escapeHtml(g.role)}" data-gap="${g.gap ?? 0}">${g.gap ?? 0}</td>` : ''}`;
      return `<tr data-role="${escapeHtml(g.role)}" data-shown="true">${name}<td>${g.respondents}</td>${cells}${extra}</tr>`;
    })
    .join('\n');
  const floor = split.floor;
  const caption = `By role${round === null ? '' : ` in round ${round}`}. A role with fewer than ${floor} answers is not shown on its own, nor one that would reveal a group under ${floor}: their answers are in the total only.`;
  return `<table class="by-role" data-floor="${floor}"${round === null ? '' : ` data-round="${round}"`}><caption>${caption}</caption>
<thead><tr><th>Role</th><th>Answered</th>${head}${scale ? '<th>Mean</th>' : ''}${ask ? '<th>Answered the two differently</th>' : ''}</tr></thead>
<tbody>${rows}</tbody></table>`;
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

function questionList(entries: ExportEntry[]): string {
  if (!entries.length) return '<p class="muted">No questions.</p>';
  const items = entries
    .map((e) => {
      const votes = e.votes ?? 0;
      const answered = e.answeredAt ? ' <span class="flag answered">answered</span>' : '';
      return `<li class="entry ${escapeHtml(e.status)}" data-status="${escapeHtml(e.status)}" data-votes="${votes}"><span class="votes">${votes === 1 ? '1 vote' : `${votes} votes`}</span> ${entryText(e)}${answered}</li>`;
    })
    .join('\n');
  return `<ol class="questions">\n${items}\n</ol>`;
}

/** The escaped text; hidden entries struck through, hidden and held ones labelled. */
function entryText(e: ExportEntry): string {
  const text = escapeHtml(e.text);
  if (e.status === 'hidden') return `<s>${text}</s> <span class="flag">hidden by the presenter</span>`;
  if (e.status === 'held') return `${text} <span class="flag">held by the word filter</span>`;
  return text;
}

/**
 * Options by average position, best first. A bar's length is (N + 1 − average) / N: full for an
 * option everyone put first, 1/N for one everyone put last.
 */
function ranking(poll: ExportPoll): string {
  const n = poll.options.length;
  const sorted = poll.options
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.averagePosition ?? Infinity) - (b.o.averagePosition ?? Infinity) || a.i - b.i)
    .map(({ o }) => o);
  const rows = sorted
    .map((o) => {
      const avg = o.averagePosition ?? null;
      const width = avg === null || !n ? 0 : Math.round(((n + 1 - avg) / n) * 1000) / 10;
      return (
        `<div class="row"><div class="label">${escapeHtml(o.label)}</div><div class="bars">` +
        `<div class="bar-line wide"><svg class="bar" width="100%" height="${BAR_HEIGHT}" aria-hidden="true">` +
        `<rect class="track" width="100%" height="${BAR_HEIGHT}"/>` +
        `<rect width="${width}%" height="${BAR_HEIGHT}" ${fill(0)} data-option="${escapeHtml(o.id)}" data-position="${avg ?? ''}"/></svg>` +
        `<span class="value">${avg === null ? 'not ranked' : `${avg} average position`}</span></div>` +
        `<p class="first">ranked first by ${o.count} (${formatPercent(o.percent)})</p></div></div>`
      );
    })
    .join('\n');
  return `<figure class="chart ranking" aria-label="${escapeHtml(poll.question)}">\n${rows}\n</figure>`;
}

/**
 * A poll voted on again: option polls get the rounds side by side (one bar per round for each
 * option, round 1 pale, the last solid, counts written), rankings a table of each round's average
 * positions and first places; text and Q&A polls one block per round. Then, after each round, how
 * many of those who answered both changed their answer and, for one-answer polls, who went where.
 */
function roundsDetail(poll: ExportPoll, rounds: ExportRound[]): string {
  if (poll.type === 'text' || poll.type === 'qa') {
    return rounds
      .map((r) => {
        const own = (poll.entries ?? []).filter((e) => e.round === r.round);
        const shown = poll.type === 'text' ? `${cloud(r.words ?? [])}\n${answerList(own)}` : questionList(own);
        return `<div class="round-block" data-round="${r.round}">\n<h3>Round ${r.round}</h3>\n${shown}\n</div>`;
      })
      .join('\n');
  }
  if (poll.ask) {
    const ask = poll.ask;
    const blocks = rounds.map(
      (r) =>
        `<div class="round-block" data-round="${r.round}">\n<h3>Round ${r.round}</h3>\n${pairedChart(poll, r.options, ask, r.round)}\n${gapLine(ask, r.gap ?? 0, r.round)}\n</div>`,
    );
    return [...blocks, ...rounds.slice(1).map((r, i) => movement(poll, r, rounds[i]!))].join('\n');
  }
  const shown = poll.type === 'rank' ? rankRounds(poll, rounds) : roundsChart(poll, rounds);
  return [shown, ...rounds.slice(1).map((r, i) => movement(poll, r, rounds[i]!))].join('\n');
}

/** Per option, one bar per round: earlier rounds pale, the last one solid; its count and percentage beside it. */
function roundsChart(poll: ExportPoll, rounds: ExportRound[]): string {
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

/** A ranking voted on again: each option's average position and first places, round by round; then the last round's ranking (the poll's own counts). */
function rankRounds(poll: ExportPoll, rounds: ExportRound[]): string {
  const head = rounds.map((r) => `<th scope="col">Round ${r.round}</th>`).join('');
  const rows = poll.options
    .map((option) => {
      const cells = rounds
        .map((r) => {
          const o = r.options.find((x) => x.id === option.id);
          const avg = o?.averagePosition ?? null;
          return `<td data-round="${r.round}" data-position="${avg ?? ''}">${avg === null ? 'not ranked' : `${avg} average`} · first for ${o?.count ?? 0}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(option.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  const last = rounds.at(-1)!;
  return `<table class="rounds-table"><thead><tr><th>Option</th>${head}</tr></thead>\n<tbody>${rows}</tbody></table>
<h3>Round ${last.round}</h3>
${ranking(poll)}`;
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

function kind(poll: ExportPoll): string {
  if (poll.type === 'multi') return poll.limit ? `several answers (up to ${poll.limit})` : 'several answers';
  if (poll.type === 'scale') return `rating 1 to ${poll.scale?.max ?? poll.options.length}`;
  if (poll.type === 'text') return 'open text';
  if (poll.type === 'rank') return `ranking of ${poll.options.length}`;
  if (poll.type === 'qa') return 'Q&amp;A';
  return poll.type === 'yesno' ? 'yes / no' : 'one answer';
}

/**
 * One row per option: the label as text (it wraps on a phone) and one SVG bar per session. A
 * bar's width is its share of respondents (percent), so sessions of different sizes compare
 * fairly; the count and percentage are printed beside it.
 */
function chart(poll: ExportPoll, versions: (ExportPoll | undefined)[]): string {
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

function fill(index: number): string {
  const color = FILLS[index % FILLS.length]!;
  const dash = PATTERNS[index % PATTERNS.length]!;
  // Sessions differ by outline pattern too, so print in black and white still tells them apart.
  return `fill="${color}"${dash ? ` stroke="#111" stroke-width="1.5" stroke-dasharray="${dash}"` : ''}`;
}

function formatPercent(p: number): string {
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
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
