// `npm run bench [-- --participants N --window S --burst S --polls N --quick --cpu-prof]`:
// runs the load benchmark (see bench.ts) and writes its results as JSON and Markdown to
// bench/results/. Exits 1 when a vote was lost or a tally was wrong. `--no-baseline` skips the
// floor; `--no-floor-messages` skips only its second run, the one that sends Parley's state messages.
// `--redis` runs Parley on a redis-server started for the run; `--processes N --redis` runs the
// same load on 1 and on N Parley processes sharing that Redis, side by side (no floor then).
// `npm run bench -- --lighthouse` audits the phone page instead (see phone-page.ts).
// `npm run bench -- --soak [--sessions N --phones N --grace S]` runs sessions one after the other on
// one server and reports its memory after each (see soak.ts); `--grace` sets the server's
// ENDED_SESSION_GRACE_SECONDS (e.g. 86400 keeps every ended session in memory, as before the sweep).
// `npm run bench -- --networks` runs the browser test of hostile networks (test/e2e/hostile-networks.test.ts)
// and saves the times it measures to bench/results/ (HOSTILE_RESULTS=1 does the same for vitest itself).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { joinPresenter, presenterRequest, runBench, type BenchOptions } from './bench.js';
import { auditPhonePage } from './phone-page.js';
import { ServerProcess } from './processes.js';
import { correct, markdown, phonePageMarkdown, soakMarkdown } from './report.js';
import { runSoak } from './soak.js';

const RESULTS = join(import.meta.dirname, 'results');

const { values } = parseArgs({
  options: {
    participants: { type: 'string' },
    window: { type: 'string' },
    burst: { type: 'string' },
    polls: { type: 'string' },
    'per-process': { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    'no-floor-messages': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    lighthouse: { type: 'boolean', default: false },
    redis: { type: 'boolean', default: false },
    processes: { type: 'string' },
    soak: { type: 'boolean', default: false },
    sessions: { type: 'string' },
    phones: { type: 'string' },
    grace: { type: 'string' },
    networks: { type: 'boolean', default: false },
  },
});

if (values.networks) {
  const run = spawnSync('npx', ['vitest', 'run', 'test/e2e/hostile-networks.test.ts'], {
    stdio: 'inherit',
    env: { ...process.env, HOSTILE_RESULTS: '1' },
  });
  process.exit(run.status ?? 1);
}

function write(name: string, json: unknown, table: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS, `${name}.md`), table);
  console.log(`\n${table}\nWritten to bench/results/${name}.json and .md`);
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

if (values.lighthouse) {
  const server = await ServerProcess.start('parley', 1);
  try {
    // A participant scanning the QR code while the first poll is open.
    const presenter = await joinPresenter(server, []);
    await presenterRequest(presenter, 'presenter:goto', { h: 1, v: 0 });
    await presenterRequest(presenter, 'presenter:poll', { pollId: 'p1', action: 'open' });
    const result = await auditPhonePage(`${server.url}/j/${server.code}`, (line) => console.log(line));
    presenter.close();
    write(`${stamp()}-phone-page`, { date: new Date().toISOString(), ...result }, phonePageMarkdown(result));
  } finally {
    await server.stop();
  }
  process.exit(0);
}

function number(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min} (got "${value}")`);
    process.exit(2);
  }
  return n;
}

if (values.soak) {
  const result = await runSoak({
    sessions: number('sessions', values.sessions, 150, 1),
    phones: number('phones', values.phones, 300, 1),
    ...(values.grace === undefined ? {} : { graceSeconds: number('grace', values.grace, 60, 0) }),
    log: (line) => console.log(line),
  });
  const { sessions, phones } = result.options;
  write(`${stamp()}-soak-${sessions}x${phones}${values.grace === undefined ? '' : `-grace-${values.grace}`}`, result, soakMarkdown(result));
  process.exit(0);
}

const quick = values.quick;
const processes = number('processes', values.processes, 1, 1);
if (!Number.isInteger(processes)) {
  console.error(`--processes must be a whole number (got "${values.processes}")`);
  process.exit(2);
}
if (processes > 1 && !values.redis) {
  console.error('--processes needs --redis: several Parley processes share their sessions through Redis.');
  process.exit(2);
}
const options: BenchOptions = {
  participants: number('participants', values.participants, quick ? 300 : 10_000, 1),
  window: number('window', values.window, quick ? 2 : 10, 0),
  burst: number('burst', values.burst, quick ? 1 : 2, 0),
  polls: number('polls', values.polls, 2, 1),
  changeShare: 0.1,
  perProcess: number('per-process', values['per-process'], 2500, 1),
  baseline: !values['no-baseline'],
  floorMessages: !values['no-floor-messages'],
  redis: values.redis,
  processes,
  ...(values['cpu-prof'] ? { cpuProf: join(RESULTS, 'profiles') } : {}),
  log: (line) => console.log(line),
};

const result = await runBench(options);
const store = processes > 1 ? `-redis-x${processes}` : values.redis ? '-redis' : '';
write(`${stamp()}-${options.participants}${store}${quick ? '-quick' : ''}`, result, markdown(result));
if (!correct(result)) {
  console.error('FAILED: a vote was lost, a join failed or a tally was wrong.');
  process.exit(1);
}
