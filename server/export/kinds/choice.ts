// Single-choice and yes/no polls, and what every option poll shares in the exports unless its
// kind says otherwise: a bar per option (per session when sessions are compared, per round when
// voted on again), a summary row per option and a count and percentage per role.
import type { SinglePoll, YesnoPoll } from '../../deck/types.js';
import { chart, formatPercent, movements, roundsChart } from '../html.js';
import type { ExportKind } from './kind.js';

export const optionPoll = {
  summaryRows: (_poll, _round, options, row) => options.map((o) => row(o.id, o.label, o.count, o.percent)),
  responded: 'answered',
  comparesAsChart: true,
  detail: (poll) => chart(poll, [poll]),
  rounds: (poll, rounds) => [roundsChart(poll, rounds), ...movements(poll, rounds)].join('\n'),
  byRole: { cell: (_poll, o, at) => `<td ${at} data-count="${o.count}">${o.count} · ${formatPercent(o.percent)}</td>` },
} satisfies Omit<ExportKind, 'description'>;

export const single: ExportKind<SinglePoll> = { ...optionPoll, description: () => 'one answer' };

export const yesno: ExportKind<YesnoPoll> = { ...optionPoll, description: () => 'yes / no' };
