// Split by role (K, issue 19 part 4): a revealed chart's counts per role of the deck, for a deck
// whose front matter names `roles`. A table: the options down the side, everyone's column (pale)
// then one column per role shown on its own — each cell the count and the share of that column's
// respondents, with a bar. A paired poll (should / would) has a row per question under each
// option, and a last row with each column's gap. Under the table, the roles not shown on their
// own, each with the server's reason: "Faculty: fewer than 5", or "Resident: hidden to protect a
// group under 5" (it has 5 or more, but showing it would let the rest be worked out) — with no
// number of theirs (their answers stay only in the total; the server never sends them). Rebuilt
// on every tally.
//
// State and transitions: whether the split is shown (`SplitView`), `toggleSplit` (K) and
// `splitAfter` (a new tally: a blind one closes the split).
import type { Poll, PollAsk, Role } from '../server/deck/types.js';
import { hiddenRoleText, type RoleGroup, type RoleHidden, type RoundTally, type Tally } from '../server/protocol.js';
import { h } from './dom.js';
import { askName, asksOf, shouldWould } from './pair-bars.js';

export type SplitView = 'off' | 'on';

/** Why K did nothing: no roles in the deck, a poll with no options to count, or a blind projector (press R first). */
export type SplitRefusal = 'no-roles' | 'not-choice' | 'blind';

/** K: shows or hides the split by role — refused without roles, on typed answers, or while the results are hidden. */
export function toggleSplit(view: SplitView, poll: Poll, tally: Tally, roles: Role[] | undefined): { view: SplitView } | { refused: SplitRefusal } {
  if (view === 'on') return { view: 'off' };
  if (!roles?.length) return { refused: 'no-roles' };
  if (poll.type === 'text' || poll.type === 'qa') return { refused: 'not-choice' };
  if (tally.blind) return { refused: 'blind' };
  return { view: 'on' };
}

/** A new tally: the split stays only while the results are shown. */
export function splitAfter(view: SplitView, tally: Tally): SplitView {
  return view === 'on' && !tally.blind ? 'on' : 'off';
}

/** What K says when it is refused. */
export function splitRefusalText(refusal: SplitRefusal): string {
  if (refusal === 'no-roles') return 'There are no roles in this deck: K splits a chart by role when the deck’s front matter names roles.';
  if (refusal === 'not-choice') return 'K splits a poll with options by role: typed answers are not split.';
  return 'The results are hidden here until you reveal them: press R first.';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function share(count: number, respondents: number): number {
  return respondents ? Math.round((count / respondents) * 100) : 0;
}

/** A role shown on its own, with its counts. */
type ShownGroup = RoleGroup & { tally: RoundTally };

/** Everyone's column (`role` null), or a role's. */
interface Column {
  role: string | null;
  tally: RoundTally;
}

/** One cell: a bar `width`% long and the value beside it; `second`: a paired poll's second question, darker. */
function barCell(testid: string, column: Column, count: number, width: number, value: string, second = false): HTMLElement {
  const fill = h('span', { class: 'split-fill' });
  fill.style.width = `${width}%`;
  const classes = ['split-cell', column.role === null ? 'split-everyone' : '', second ? 'split-second' : ''].filter(Boolean).join(' ');
  return h(
    'td',
    { class: classes, 'data-testid': testid, 'data-count': count },
    h('span', { class: 'split-bar' }, h('span', { class: 'split-track' }, fill), h('span', { class: 'split-value' }, value)),
  );
}

/** A cell's test id: `split-total-…` in everyone's column, `split-bar-…-{role}-…` in a role's. */
function cellId(poll: Poll, column: Column, ...rest: string[]): string {
  return [column.role === null ? 'split-total' : 'split-bar', poll.id, ...(column.role === null ? [] : [column.role]), ...rest].join('-');
}

/** One option's cell in a column: the count and share (a ranking: the average position), with a bar. */
function cell(poll: Poll, column: Column, optionId: string): HTMLElement {
  const { tally } = column;
  const count = tally.counts[optionId] ?? 0;
  if (poll.type !== 'rank') {
    const pct = share(count, tally.respondents);
    return barCell(cellId(poll, column, optionId), column, count, pct, `${count} · ${pct}%`);
  }
  const n = poll.options.length;
  const average = tally.positions?.[optionId];
  const width = average === undefined ? 0 : Math.round(((n + 1 - average) / n) * 100);
  return barCell(cellId(poll, column, optionId), column, count, width, average === undefined ? '—' : `avg ${average.toFixed(1)}`);
}

/** A paired poll: one question's count of one option in a column (the role's tally counts each question: `asked`). */
function askCell(poll: Poll, column: Column, optionId: string, ask: PollAsk, second: boolean): HTMLElement {
  const count = column.tally.asked?.[ask.id]?.[optionId] ?? 0;
  const pct = share(count, column.tally.respondents);
  return barCell(cellId(poll, column, optionId, ask.id), column, count, pct, `${count} · ${pct}%`, second);
}

/** A column's head (`role` null: everyone's): its label, how many answered, a rating's mean. */
function head(poll: Poll, column: Column, label: string): HTMLElement {
  const { role, tally: t } = column;
  const mean = poll.type === 'scale' && t.mean !== undefined ? ` · mean ${t.mean.toFixed(1)}` : '';
  return h(
    'th',
    {
      scope: 'col',
      class: `split-head${role === null ? ' split-everyone' : ''}`,
      'data-testid': role === null ? `split-total-${poll.id}` : `split-group-${poll.id}-${role}`,
      'data-respondents': t.respondents,
    },
    h('span', { class: 'split-role' }, label),
    h('span', { class: 'split-n' }, `${plural(t.respondents, 'answer', 'answers')}${mean}`),
  );
}

/** One option's row: its label, then its cell in each column. */
function optionRows(poll: Poll, columns: Column[]): HTMLElement[] {
  return poll.options.map((option) =>
    h(
      'tr',
      { 'data-testid': `split-row-${poll.id}-${option.id}` },
      h('th', { scope: 'row', class: 'split-label' }, option.label),
      ...columns.map((c) => cell(poll, c, option.id)),
    ),
  );
}

/**
 * A paired poll: per option a row per question, each named ("Should", "Would"; the question's
 * wording in its title) so that colour is never the only signal; then each column's gap, how many
 * of its respondents answered the two differently.
 */
function pairedRows(poll: Poll, asks: [PollAsk, PollAsk], columns: Column[]): HTMLElement[] {
  const rows = poll.options.flatMap((option) =>
    asks.map((ask, i) =>
      h(
        'tr',
        { class: i === 0 ? 'split-pair-first' : 'split-pair-second', 'data-testid': `split-row-${poll.id}-${option.id}-${ask.id}` },
        i === 0 ? h('th', { scope: 'rowgroup', rowspan: 2, class: 'split-label' }, option.label) : null,
        h('th', { scope: 'row', class: 'split-ask', title: ask.question }, askName(ask)),
        ...columns.map((c) => askCell(poll, c, option.id, ask, i === 1)),
      ),
    ),
  );
  const gaps = h(
    'tr',
    { class: 'split-gaps', 'data-testid': `split-gaps-${poll.id}` },
    h('th', { scope: 'row', colspan: 2, class: 'split-label' }, shouldWould(asks) ? 'Would do otherwise' : 'Answered the two differently'),
    ...columns.map((c) => {
      const gap = c.tally.gap ?? 0;
      const pct = share(gap, c.tally.respondents);
      return barCell(c.role === null ? `split-gap-${poll.id}` : `split-gap-${poll.id}-${c.role}`, c, gap, pct, `${gap} · ${pct}%`);
    }),
  );
  return [...rows, gaps];
}

/**
 * The line in place of the table when no role is shown — true to why: no role has reached the
 * floor, or some have, but showing one would let a group under the floor be worked out.
 */
function noneShown(groups: RoleGroup[], floor: number): string {
  return groups.some((g) => g.hidden === 'complement')
    ? `Showing a role would reveal a group under ${floor}: nothing to split yet.`
    : `No role has ${floor} answers or more yet: nothing to split.`;
}

/** The chart of `tally` split by the deck's `roles`: everyone's column first, then each role shown on its own. */
export function roleSplit(poll: Poll, tally: Tally, roles: Role[]): HTMLElement {
  const labelOf = (id: string): string => roles.find((r) => r.id === id)?.label ?? id;
  const split = tally.byRole;
  const groups = split?.groups ?? [];
  const shown = groups.filter((g): g is ShownGroup => g.tally !== undefined);
  const hidden = groups.filter((g): g is RoleGroup & { hidden: RoleHidden } => g.hidden !== undefined);
  const floor = split?.floor ?? 5;
  const columns: Column[] = [{ role: null, tally }, ...shown.map((g) => ({ role: g.role, tally: g.tally }))];
  const asks = asksOf(poll);
  const table =
    shown.length === 0
      ? h('p', { class: 'split-none', 'data-testid': `split-none-${poll.id}` }, noneShown(groups, floor))
      : h(
          'table',
          { class: `split-table${asks ? ' split-paired' : ''}`, 'data-testid': `split-table-${poll.id}` },
          h('caption', { class: 'split-caption' }, 'By role · each role’s share of its own answers'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('td', asks ? { colspan: 2 } : {}),
              head(poll, columns[0]!, 'Everyone'),
              ...shown.map((g) => head(poll, { role: g.role, tally: g.tally }, labelOf(g.role))),
            ),
          ),
          h('tbody', {}, ...(asks ? pairedRows(poll, asks, columns) : optionRows(poll, columns))),
        );
  const left =
    hidden.length === 0
      ? null
      : h(
          'p',
          { class: 'split-small', 'data-testid': `split-small-${poll.id}` },
          ...hidden.flatMap((g, i) => [
            i ? ' · ' : null,
            h(
              'span',
              { class: 'split-suppressed', 'data-testid': `split-group-${poll.id}-${g.role}`, 'data-suppressed': 'true', 'data-hidden': g.hidden },
              `${labelOf(g.role)}: ${hiddenRoleText(g.hidden, floor)}`,
            ),
          ]),
          h('span', { class: 'split-note' }, ' — counted in the total only'),
        );
  return h('div', { class: 'role-split', 'data-testid': `role-split-${poll.id}`, 'data-groups': shown.length }, table, left);
}
