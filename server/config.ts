// Every setting Parley reads from the environment, in one place, validated at start.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR } from './session/roles.js';

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  SLIDES_DIR: z.string().min(1).default('./slides'),
  DECK: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a deck file name without .md')
    .default('mentoring'),
  // Guessing is slowed down (10 wrong keys, then one a minute), not made impossible: the key itself
  // must be long. The generated one has 32 characters.
  PRESENTER_KEY: z
    .string()
    .min(16, 'must be at least 16 characters (a long random one, e.g. from `openssl rand -base64 24`); or leave it unset and Parley generates one')
    .max(256)
    .optional(),
  METRICS_KEY: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(256)
    .regex(/^\S+$/, 'must not contain spaces (it is sent as "Authorization: Bearer <key>")')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  ALLOWED_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every(isOrigin),
      'must be a comma-separated list of origins — scheme, host and port, no path — e.g. https://slides.example.org,http://10.0.0.5:8080',
    )
    .transform((list) => list.map((origin) => new URL(origin).origin))
    .optional(),
  // A session nobody is connected to leaves memory after this long (it comes back from the store
  // on first use), and an ended one this long after its last phone left.
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  ENDED_SESSION_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60)
    .default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The privacy floor of a split by role: a smaller group is never shown on its own. Below 3, a
  // group's answers could be told apart from the others' by whoever knows who is in it.
  MIN_GROUP_SIZE: z.coerce
    .number()
    .int()
    .min(MIN_GROUP_SIZE_FLOOR, `must be a whole number of at least ${MIN_GROUP_SIZE_FLOOR}: smaller groups could unmask who answered what`)
    .max(1000)
    .default(DEFAULT_MIN_GROUP_SIZE),
  WORD_FILTER: z.string().min(1).default('off'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WATCH_DECKS: z.enum(['on', 'off']).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0' }).optional(),
  // Lets several Parley deployments (or test runs) share one Redis without seeing each other.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.{}-]{1,64}$/, 'must be 1 to 64 letters, digits or : _ . - { }')
    .default('parley:'),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  TRUST_PROXY: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine((list) => {
      try {
        proxyaddr.compile(list);
        return true;
      } catch {
        return false;
      }
    }, 'must be a comma-separated list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), e.g. 10.0.0.5 or 10.0.0.0/8')
    .optional(),
});

/** `off`, the built-in list, or the author's own list (one word or phrase per line). */
export type WordFilterSetting = 'off' | 'default' | { file: string; list: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  slidesDir: string;
  /** The deck `npm start` opens a session of. */
  deck: string;
  presenterKey?: string;
  /** A second key that reads GET /metrics (and nothing else), for a monitoring system. */
  metricsKey?: string;
  /** Base URL phones use to reach this server; derived from the network address when unset. */
  publicUrl?: string;
  /**
   * Web pages of other origins than this server's own that may open a Socket.IO connection
   * (normalised: `https://host[:port]`).
   */
  allowedOrigins: string[];
  /** When sessions leave memory (they are loaded back from the store on first use). */
  memory: { idleMs: number; endedGraceMs: number };
  /** A role held by fewer respondents of a poll is never shown on its own (MIN_GROUP_SIZE, at least 3). */
  minGroupSize: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Text answers and questions that match it wait for the presenter's approval. */
  wordFilter: WordFilterSetting;
  /** The Chromium `npm run handout` prints a deck's PDF with. */
  chromiumPath: string;
  /** Serve pages through Vite's dev middleware (hot reload) instead of the built dist/. */
  dev: boolean;
  /** Reload a deck into its live sessions when its file changes (default: on with --dev only). */
  watchDecks: boolean;
  /**
   * Set: sessions, polls and votes live in this Redis (not DATA_DIR's SQLite file), and Socket.IO
   * broadcasts go through it, so that several Parley processes can share it.
   */
  redis?: RedisSettings;
  /**
   * Proxies (load balancers) whose X-Forwarded-For is believed: a connection from one of them is
   * counted as coming from the client address it names. Unset: the connection's own address.
   */
  trustProxy?: string[];
}

export interface RedisSettings {
  url: string;
  /** Put before every key (and the Socket.IO stream's name) Parley uses in this Redis. */
  keyPrefix: string;
  /** Start fails when Redis has not answered within this time. */
  connectTimeoutMs: number;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env, dev = false): Config {
  // Empty variables count as unset, as in most shells' `VAR= cmd` usage.
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    slidesDir: resolve(e.SLIDES_DIR),
    deck: e.DECK,
    presenterKey: e.PRESENTER_KEY,
    metricsKey: e.METRICS_KEY,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    allowedOrigins: e.ALLOWED_ORIGINS ?? [],
    memory: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, endedGraceMs: e.ENDED_SESSION_GRACE_SECONDS * 1000 },
    minGroupSize: e.MIN_GROUP_SIZE,
    logLevel: e.LOG_LEVEL,
    wordFilter: wordFilterSetting(e.WORD_FILTER),
    chromiumPath: e.CHROMIUM_PATH,
    dev,
    watchDecks: e.WATCH_DECKS === undefined ? dev : e.WATCH_DECKS === 'on',
    ...(e.TRUST_PROXY ? { trustProxy: e.TRUST_PROXY } : {}),
    ...(e.REDIS_URL ? { redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS } } : {}),
  };
}

/** `http(s)://host[:port]` and nothing more (a trailing `/` allowed): what a browser sends as Origin. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

function wordFilterSetting(value: string): WordFilterSetting {
  if (value === 'off' || value === 'default') return value;
  const file = resolve(value);
  try {
    return { file, list: readFileSync(file, 'utf8') };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(
      `Invalid configuration:\n  WORD_FILTER: must be off, default or a readable word-list file; cannot read ${file} (${reason})`,
    );
  }
}
