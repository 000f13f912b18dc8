// What the bench's processes share: the server kinds, IPC messages and the generated deck.
import type { ProfileSummary } from './profile.js';

export const BENCH_KEY = 'bench-presenter-key-0123456789';

export type ServeKind = 'parley' | 'baseline';

export interface ServerStats {
  heapUsed: number;
  rss: number;
  /** Peak resident set size so far (bytes). */
  maxRss: number;
  /** User + system CPU time so far (ms). */
  cpuMs: number;
  /** Parley on SQLite: how long its writer thread has worked so far (ms). */
  writerBusyMs?: number;
  /** Parley on SQLite: of `cpuMs`, its writer thread's share so far (ms; Linux only, from /proc). */
  writerCpuMs?: number;
  /** Of `cpuMs`: the main thread's (the event loop's) share so far (ms; Linux only, from /proc). */
  mainThreadCpuMs?: number;
  /** Parley on SQLite: commits so far (each one an fsync). */
  commits?: number;
  /** Parley: the sessions it holds in memory (ended ones too, until they are swept). */
  sessionsInMemory?: number;
}

/**
 * How a Parley server process of the bench is set up (its argument, as JSON): with Redis it
 * stores in `redisUrl` under `keyPrefix`; with `code` it serves that session (created by the
 * first process of the same store) instead of creating one.
 */
export interface ServeSetup {
  redisUrl?: string;
  keyPrefix?: string;
  code?: string;
  /**
   * Serves the decks of `dir` (the repository's slides/ for the soak) with more settings in `env`,
   * and creates no session: the soak creates its own over HTTP. The ready message's code is ''.
   */
  decks?: { dir: string; env?: Record<string, string> };
}

/** Orders from the bench to the server process (over IPC). */
export type ServeOrder =
  /** `light`: without the full garbage collection first (heap figures are then not comparable). */
  | { type: 'stats'; light?: boolean }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  /** The floor only: send every connected client this event (as Parley tells its phones of a change). */
  | { type: 'broadcast'; event: string; payload: unknown };

export type ServeMessage =
  | { type: 'ready'; url: string; code: string }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'profiling' }
  | { type: 'profile'; summary: ProfileSummary }
  | { type: 'broadcasted' };

/** A presenter's step of a bench poll, each of which Parley tells every phone of. */
export type PollStep = 'slide' | 'open' | 'close' | 'reveal';

/**
 * What the floor with state messages sends every client at a poll's step: the shape and size of
 * the `audience:state` Parley sends its phones then (the bench deck's slide and poll; results
 * once revealed), so that both send the same messages.
 */
export function floorState(index: number, step: PollStep, counts: Record<string, number> = {}): unknown {
  const id = `p${index + 1}`;
  const options = ['a', 'b', 'c', 'd'].map((o) => ({ id: o, label: `Option ${o.toUpperCase()}` }));
  const respondents = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    code: 'BENCH1',
    deckTitle: 'Bench',
    slide: { position: { h: index + 1, v: 0 }, number: String(index + 2), title: `Poll ${index + 1}` },
    poll: {
      id,
      type: 'single',
      question: `Which one, ${index + 1}?`,
      options,
      status: step === 'slide' ? 'idle' : step === 'open' ? 'open' : 'closed',
      revealed: step === 'reveal',
      round: 1,
      ...(step === 'reveal' ? { results: { counts, respondents, participants: respondents } } : {}),
    },
    ended: false,
  };
}

/** A deck of `polls` single-choice polls with four options each, one per slide after the title. */
export function benchDeck(polls: number): string {
  const slides = Array.from(
    { length: polls },
    (_, i) => `## Poll ${i + 1}

\`\`\`poll
id: p${i + 1}
type: single
question: Which one, ${i + 1}?
options:
  a: Option A
  b: Option B
  c: Option C
  d: Option D
\`\`\`
`,
  );
  return `---\ntitle: Bench\n---\n\n# Bench\n\n---\n\n${slides.join('\n---\n\n')}`;
}

/** Orders from the bench to a load process, and what it answers. */
export type WorkerOrder =
  /** Participant k of `ids` connects to `urls[k % urls.length]` (round-robin over the servers). */
  | { type: 'connect'; urls: string[]; code: string; ids: string[]; concurrency: number }
  | { type: 'vote'; pollId: string; options: string[]; startAt: number; windowMs: number; changeShare: number }
  | { type: 'count' }
  | { type: 'close' };

export interface VoteReport {
  sent: number;
  acked: number;
  /** Error acknowledgements by code (no vote is refused in a correct run). */
  errors: Record<string, number>;
  /** Acknowledgement latency of every vote (ms). */
  latencies: number[];
  /** When each participant's first vote was acknowledged (epoch ms). */
  firstAcks: number[];
  /** Each participant's last acknowledged choice, counted per option. */
  finalCounts: Record<string, number>;
  /** First send to last acknowledgement (ms). */
  spanMs: number;
  firstSendAt: number;
  lastAckAt: number;
}

export type WorkerReport =
  | { type: 'connected'; connected: number; failed: number; firstError?: string }
  | { type: 'voted'; report: VoteReport }
  | { type: 'counted'; received: Record<string, number> };
