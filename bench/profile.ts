// Where a server's CPU time goes: a V8 CPU profile (the inspector's Profiler, taken while the
// participants vote) summed by self time, per part (Parley's own code, each package, Node's core,
// V8's builtins and native calls, the garbage collector) and per function.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

/** The parts of a V8 `.cpuprofile` read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time not idle (ms). */
  busyMs: number;
  /** Self time by part, largest first; shares are of the busy time. */
  parts: { part: string; ms: number; share: number }[];
  /** The functions with the most self time. */
  functions: { name: string; where: string; ms: number; share: number }[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a script URL belongs to: a package, Parley's own code, or Node's core. */
function partOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(program)') return 'V8 and native (unattributed)';
    return 'V8 builtins and native calls (JSON, SQLite, …)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'Node.js core';
  const file = url.startsWith('file:') ? relative(ROOT, fileURLToPath(url)) : url;
  return file.startsWith('server/') ? 'Parley (server/)' : file;
}

function whereOf(url: string, line: number): string {
  if (url === '') return 'native';
  const path = url.startsWith('file:') ? relative(ROOT, fileURLToPath(url)).replace(/^.*node_modules\//, '') : url;
  return `${path}:${line + 1}`;
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

  const parts = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id);
    if (!frame || frame.functionName === '(idle)') continue;
    busyUs += us;
    const part = partOf(frame.url, frame.functionName);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const where = whereOf(frame.url, frame.lineNumber);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const f = functions.get(key) ?? { name, where, us: 0 };
    f.us += us;
    functions.set(key, f);
  }
  const share = (us: number) => round((100 * us) / Math.max(1, busyUs), 1);
  return {
    busyMs: round(busyUs / 1000, 0),
    parts: [...parts].sort((a, b) => b[1] - a[1]).map(([part, us]) => ({ part, ms: round(us / 1000, 0), share: share(us) })),
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, ms: round(f.us / 1000, 0), share: share(f.us) })),
  };
}
