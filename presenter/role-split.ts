// Split by role (K, issue 19 part 4): a revealed chart's counts per role of the deck, for a deck
// whose front matter names `roles`. A table: the options down the side, everyone's column (pale)
// then one column per role shown on its own — each cell the count and the share of that column's
// respondents, with a bar — and
// under it the roles under the privacy floor, "Faculty: fewer than 5", with no number of theirs
// (their answers stay only in the total; the server never sends them). Rebuilt on every tally.
//
// State and transitions: whether the split is shown (`SplitView`), `toggleSplit` (K) and
// `splitAfter` (a new tally: a blind one closes the split).
import type { Poll, Role } from '../server/deck/types.js';
import type { RoleGroup, RoundTally, Tally } from '../server/protocol.js';
import { h } from './dom.js';

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

/** One role's cell of one option (`role` null: everyone's): the count and share (a ranking: the average position), with a bar. */
function cell(poll: Poll, role: string | null, optionId: string, tally: RoundTally): HTMLElement {
  const count = tally.counts[optionId] ?? 0;
  const n = poll.options.length;
  let width: number;
  let value: string;
  if (poll.type === 'rank') {
    const average = tally.positions?.[optionId];
    width = average === undefined ? 0 : Math.round(((n + 1 - average) / n) * 100);
    value = average === undefined ? '—' : `avg ${average.toFixed(1)}`;
  } else {
    width = tally.respondents ? Math.round((count / tally.respondents) * 100) : 0;
    value = `${count} · ${width}%`;
  }
  const fill = h('span', { class: 'split-fill' });
  fill.style.width = `${width}%`;
  return h(
    'td',
    {
      class: `split-cell${role === null ? ' split-everyone' : ''}`,
      'data-testid': role === null ? `split-total-${poll.id}-${optionId}` : `split-bar-${poll.id}-${role}-${optionId}`,
      'data-count': count,
    },
    h('span', { class: 'split-bar' }, h('span', { class: 'split-track' }, fill), h('span', { class: 'split-value' }, value)),
  );
}

/** A column's head (`role` null: everyone's): its label, how many answered, a rating's mean. */
function head(poll: Poll, role: string | null, t: RoundTally, label: string): HTMLElement {
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

/** A paired poll's counts are its first question's: the caption says which. */
function pairNote(poll: Poll): string {
  const first = poll.type === 'single' ? poll.ask?.[0] : undefined;
  return first ? ` · ${first.question}` : '';
}

/** The chart of `tally` split by the deck's `roles`: everyone's column first, then each role shown on its own. */
export function roleSplit(poll: Poll, tally: Tally, roles: Role[]): HTMLElement {
  const labelOf = (id: string): string => roles.find((r) => r.id === id)?.label ?? id;
  const split = tally.byRole;
  const groups = split?.groups ?? [];
  const shown = groups.filter((g): g is RoleGroup & { tally: RoundTally } => g.tally !== undefined);
  const small = groups.filter((g) => g.tally === undefined);
  const floor = split?.floor ?? 5;
  const table =
    shown.length === 0
      ? h('p', { class: 'split-none', 'data-testid': `split-none-${poll.id}` }, `No role has ${floor} answers or more yet: nothing to split.`)
      : h(
          'table',
          { class: 'split-table', 'data-testid': `split-table-${poll.id}` },
          h('caption', { class: 'split-caption' }, `By role${pairNote(poll)} · each role’s share of its own answers`),
          h(
            'thead',
            {},
            h('tr', {}, h('td', {}), head(poll, null, tally, 'Everyone'), ...shown.map((g) => head(poll, g.role, g.tally, labelOf(g.role)))),
          ),
          h(
            'tbody',
            {},
            ...poll.options.map((option) =>
              h(
                'tr',
                { 'data-testid': `split-row-${poll.id}-${option.id}` },
                h('th', { scope: 'row', class: 'split-label' }, option.label),
                cell(poll, null, option.id, tally),
                ...shown.map((g) => cell(poll, g.role, option.id, g.tally)),
              ),
            ),
          ),
        );
  const hidden =
    small.length === 0
      ? null
      : h(
          'p',
          { class: 'split-small', 'data-testid': `split-small-${poll.id}` },
          ...small.flatMap((g, i) => [
            i ? ' · ' : null,
            h(
              'span',
              { class: 'split-suppressed', 'data-testid': `split-group-${poll.id}-${g.role}`, 'data-suppressed': 'true' },
              `${labelOf(g.role)}: fewer than ${floor}`,
            ),
          ]),
          h('span', { class: 'split-note' }, ' — counted in the total only'),
        );
  return h('div', { class: 'role-split', 'data-testid': `role-split-${poll.id}`, 'data-groups': shown.length }, table, hidden);
}
