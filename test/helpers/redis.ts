// A real redis-server for tests: on a free port, in its own directory, with the AOF synced on
// every write (as Parley's durability needs). Restartable on the same directory after a kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export interface RedisServer {
  port: number;
  dir: string;
  url: string;
  /** Ends the process with `signal` and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and directory (it reads its AOF back). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const proc = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const spawnFailed = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`cannot start ${REDIS_SERVER}: ${err.message} (install redis-server)`)));
      proc.once('exit', (code) => reject(new Error(`${REDIS_SERVER} exited (${code}):\n${output}`)));
    });
    await Promise.race([answersPing(port, 10_000), spawnFailed]);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}/0`,
    kill,
    restart: launch,
    async stop() {
      await kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once Redis answers PING on `port` (loading its AOF answers -LOADING instead). */
async function answersPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await new Promise<string>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      let data = '';
      socket.setTimeout(1000, () => socket.destroy());
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (d) => {
        data += d.toString();
        if (data.includes('\r\n')) socket.end();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => {});
    });
    if (reply.startsWith('+PONG')) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING (last: ${reply.trim() || 'no connection'})`);
    await new Promise((r) => setTimeout(r, 50)); // real time: a redis-server process starting up
  }
}

/**
 * Every key under `prefix` with its value, ordered, as one string: what "nothing changed" means
 * for a Redis store (as every row of every table does for SQLite).
 */
export async function redisDump(url: string, prefix: string): Promise<string> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    const keys = (await client.keys(`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`)).sort();
    const dump: [string, unknown][] = [];
    for (const key of keys) {
      const type = await client.type(key);
      // The Socket.IO adapter's stream carries broadcasts, not stored state; the rate limits'
      // counts (P limit:…) are not stored state either.
      if (type === 'stream' || key.startsWith(`${prefix}limit:`)) continue;
      if (type === 'hash') dump.push([key, Object.entries(await client.hgetall(key)).sort(([a], [b]) => a.localeCompare(b))]);
      else if (type === 'zset') dump.push([key, await client.zrange(key, 0, -1, 'WITHSCORES')]);
      else if (type === 'string') dump.push([key, await client.get(key)]);
      else dump.push([key, type]);
    }
    return JSON.stringify(dump);
  } finally {
    client.disconnect();
  }
}
