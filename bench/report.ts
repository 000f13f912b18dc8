// The bench's results as a Markdown table (also printed), next to the JSON they come from.
import type { BenchResult, FloorRatios, PollResult, TargetResult } from './bench.js';
import type { PhonePageResult } from './phone-page.js';
import type { SoakResult } from './soak.js';
import { round, slope } from './stats.js';

export function markdown(result: BenchResult): string {
  const { parley, baseline, ratios, options, machine } = result;
  const scaled = result.scaled ?? null;
  const floorMessages = result.baselineMessages ?? null;
  const targets = [parley, ...(scaled ? [scaled] : []), ...(baseline ? [baseline] : []), ...(floorMessages ? [floorMessages] : [])];
  const withRedis = targets.some((t) => t.redisCpuMs !== undefined);
  const rows: [string, (t: TargetResult) => string][] = [
    ...(scaled || withRedis
      ? ([['server processes (store)', (t) => `${t.processes} (${t.store ?? 'none'})`]] as [string, (t: TargetResult) => string][])
      : []),
    ['participants connected', (t) => `${t.connected} of ${t.participants}${t.joinFailures ? ` (${t.joinFailures} failed)` : ''}`],
    ['time for all to join', (t) => `${(t.joinMs / 1000).toFixed(1)} s`],
    ...result.parley.polls.flatMap((p, i): [string, (t: TargetResult) => string][] => {
      const of = (t: TargetResult): PollResult => t.polls[i]!;
      const label = `poll ${i + 1} (${p.windowMs / 1000} s ${i === 0 ? 'window' : 'burst'})`;
      return [
        [`${label}: votes sent / acked / lost`, (t) => `${of(t).sent} / ${of(t).acked} / ${of(t).lost}`],
        [`${label}: ack latency p50 / p95 / p99 / max`, (t) => ms(of(t).latency)],
        [`${label}: throughput`, (t) => `${of(t).throughput} votes/s`],
        [`${label}: tally exact`, (t) => (of(t).exactTally === null ? '—' : of(t).exactTally ? 'yes' : '**no**')],
        [`${label}: presenter tally lag p50 / p99`, (t) => (of(t).tallyLag ? `${of(t).tallyLag!.p50} / ${of(t).tallyLag!.p99} ms` : '—')],
        [
          `${label}: presenter tally messages (most per 100 ms)`,
          (t) => (of(t).presenterTallies === null ? '—' : `${of(t).presenterTallies} (${of(t).maxTalliesPer100ms})`),
        ],
      ];
    }),
    ['messages per phone, whole run', (t) => String(t.phoneMessages)],
    [scaled ? 'server CPU time while voting (all processes)' : 'server CPU time while voting', (t) => `${(t.cpuMs / 1000).toFixed(1)} s`],
    ['… of it the main thread (the rest: SQLite writer, GC, compiler threads)', (t) => seconds(t.mainThreadCpuMs)],
    ['… of it the SQLite writer thread (statements, commits, the system time of their fsync calls)', (t) => seconds(t.writerCpuMs)],
    ['… of it within the voting windows (without the presenter steps and their messages)', (t) => seconds(t.windowCpuMs)],
    ['SQLite writer thread busy while voting (active time: statements, commits, fsync waits)', (t) => seconds(t.writerBusyMs)],
    ['SQLite commits while voting (one fsync each)', (t) => (t.commits === undefined ? '—' : String(t.commits))],
    ...(withRedis
      ? ([['redis-server CPU time while voting', (t) => (t.redisCpuMs === undefined ? '—' : `${(t.redisCpuMs / 1000).toFixed(1)} s`)]] as [
          string,
          (t: TargetResult) => string,
        ][])
      : []),
    [scaled ? 'server peak RSS (largest process)' : 'server peak RSS', (t) => `${t.maxRssMb} MB`],
    ['server heap per participant', (t) => `${t.heapPerParticipantKb} KB`],
  ];
  const header = `| | ${targets.map((t) => t.label).join(' | ')} |`;
  const lines = [
    `## ${options.participants} participants — ${result.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine.cpus} CPUs, Node ${machine.node}. Options: window ${options.window} s, burst ${options.burst} s, ` +
      `${options.polls} polls, ${Math.round(options.changeShare * 100)}% change their vote, ${options.perProcess} participants per load process.`,
    '',
    header,
    `|---|${targets.map(() => '---').join('|')}|`,
    ...rows.map(([name, cell]) => `| ${name} | ${targets.map(cell).join(' | ')} |`),
  ];
  if (ratios) lines.push('', `Ratios to the floor: ${ratioLine(ratios)}.`);
  if (result.messageRatios) {
    lines.push('', `Ratios to the floor sending the same state messages (like for like): ${ratioLine(result.messageRatios)}.`);
  }
  const s = result.scaling;
  if (s) {
    const lag = s.tallyLagP50 === null ? '' : `, presenter tally lag p50 **${s.tallyLagP50}×** / p99 **${s.tallyLagP99}×**`;
    lines.push(
      '',
      `${s.processes} processes to 1 (last burst): participants carried **${s.connected}×**, throughput **${s.throughput}×**, ` +
        `ack p50 **${s.ackP50}×** / p99 **${s.ackP99}×**${lag}, time to join **${s.joinMs}×**, server CPU **${s.cpuMs}×**. ` +
        `The presenter is on the first process; participants are spread round-robin over all ${s.processes}.`,
    );
  }
  for (const t of targets) if (t.profile) lines.push('', ...profileMarkdown(t));
  return `${lines.join('\n')}\n`;
}

/** Where a server's CPU time went while the participants voted (--cpu-prof). */
function profileMarkdown(t: TargetResult): string[] {
  const { summary, file } = t.profile!;
  const name = t.kind === 'parley' ? 'Parley' : t.label;
  return [
    `### CPU profile of ${name} while voting: ${(summary.busyMs / 1000).toFixed(1)} s busy (\`${file.replace(/^.*bench\//, 'bench/')}\`)`,
    '',
    '| part | self time | share |',
    '|---|---|---|',
    ...summary.parts.filter((p) => p.share >= 0.5).map((p) => `| ${p.part} | ${p.ms} ms | ${p.share} % |`),
    '',
    '| function (self time) | where | ms | share |',
    '|---|---|---|---|',
    ...summary.functions.map((f) => `| \`${f.name}\` | ${f.where} | ${f.ms} | ${f.share} % |`),
  ];
}

function ratioLine(r: FloorRatios): string {
  const main = r.mainThreadCpu === null ? '' : `, main thread **${r.mainThreadCpu}×**`;
  return (
    `server CPU **${r.cpu}×**${main}, within the voting windows **${r.windowCpu}×**; last burst: throughput **${r.throughput}×**, ` +
    `ack p99 **${r.p99}×**; heap per participant **${r.heapPerParticipant}×**`
  );
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

function ms(s: { p50: number; p95: number; p99: number; max: number }): string {
  return `${s.p50} / ${s.p95} / ${s.p99} / ${s.max} ms`;
}

/** Whether the run was correct: nothing lost, nothing refused, every tally exact. */
export function correct(result: BenchResult): boolean {
  return [
    result.parley,
    ...(result.scaled ? [result.scaled] : []),
    ...(result.baseline ? [result.baseline] : []),
    ...(result.baselineMessages ? [result.baselineMessages] : []),
  ].every((t) => t.joinFailures === 0 && t.polls.every((p) => p.lost === 0 && p.exactTally !== false));
}

export function phonePageMarkdown(result: PhonePageResult): string {
  const m = result.lighthouse.metrics;
  return `## The phone page (/j/CODE, a poll open) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

| measure | value | target |
|---|---|---|
| Lighthouse mobile performance | ${result.lighthouse.performance} | ≥ 95 |
| Lighthouse accessibility | ${result.lighthouse.accessibility} | ≥ 95 |
| first / largest contentful paint (simulated slow 4G) | ${m['first-contentful-paint']} / ${m['largest-contentful-paint']} ms | |
| total blocking time, cumulative layout shift, speed index | ${m['total-blocking-time']} ms, ${m['cumulative-layout-shift']}, ${m['speed-index']} ms | |
| QR link to a votable screen, slow 4G, cold cache (median of ${result.joinToVotable.runs.length}) | ${result.joinToVotable.median} ms (${result.joinToVotable.runs.join(', ')}) | < 1000 ms |
| the same, tapping an answer at once: to "Answer recorded" (median) | ${result.joinToRecorded.median} ms (${result.joinToRecorded.runs.join(', ')}) | |
`;
}

/** Sessions after which the soak's summary shows the memory (those the run reached, and its last). */
const SOAK_MILESTONES = [3, 10, 50, 100, 150];

export function soakMarkdown(result: SoakResult): string {
  const { samples, options, machine } = result;
  const last = samples.at(-1)!;
  const shown = samples.filter((s) => SOAK_MILESTONES.includes(s.session) || s === last);
  // Growth per session, fitted over the last 100 sessions (or all but the first if fewer).
  const tail = samples.slice(-Math.min(100, samples.length - 1));
  const per = (f: (s: (typeof samples)[number]) => number): string =>
    `${round(
      slope(
        tail.map((s) => s.session),
        tail.map(f),
      ) * 1024,
      0,
    )} KB`;
  const row = (s: (typeof samples)[number]): string =>
    `| ${s.session} | ${s.rssMb} MB | ${s.heapMb} MB | ${s.sessionsInMemory} | ${(s.ms / 1000).toFixed(1)} s |`;
  const header = ['| after session | RSS | heap (after a full GC) | sessions in memory | session took |', '|---|---|---|---|---|'];
  return `${[
    `## Soak: ${options.sessions} sessions × ${options.phones} phones — ${result.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine.cpus} CPUs, Node ${machine.node}. One Parley process (SQLite), the mentoring deck; each session: ` +
      `created over HTTP, a presenter and ${options.phones} phones join, every choice poll opened, voted on by every phone, ` +
      `revealed and closed, the session ended, everybody leaves. ENDED_SESSION_GRACE_SECONDS ` +
      `${options.graceSeconds ?? 'default (60)'}; the server sweeps every minute.`,
    '',
    ...header,
    ...shown.map(row),
    '',
    `Growth per session over the last ${tail.length} sessions (least-squares fit): RSS **${per((s) => s.rssMb)}**, heap **${per((s) => s.heapMb)}**.`,
    '',
    '### Every session',
    '',
    ...header,
    ...samples.map(row),
  ].join('\n')}\n`;
}
