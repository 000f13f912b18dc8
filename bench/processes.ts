// Child processes of the bench: the server under test and the load processes, each a Node process
// running a TypeScript entry through tsx, talking over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ProfileSummary } from './profile.js';
import type { ServeKind, ServeMessage, ServeOrder, ServerStats, ServeSetup, WorkerOrder, WorkerReport } from './shared.js';

const HERE = import.meta.dirname;

function forkTs(file: string, args: string[], nodeArgs: string[] = []): ChildProcess {
  return fork(join(HERE, file), args, {
    execArgv: ['--import', 'tsx', ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next IPC message of `type` from `child` (rejects if the child exits first). */
function nextMessage<M extends { type: string }, T extends M['type']>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<M, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`process ${child.pid} exited (${code}) before sending "${type}"`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly code: string,
  ) {}

  static async start(kind: ServeKind, polls: number, setup: ServeSetup = {}): Promise<ServerProcess> {
    const child = forkTs('serve.ts', [kind, String(polls), JSON.stringify(setup)], ['--expose-gc']);
    const ready = await nextMessage<ServeMessage, 'ready'>(child, 'ready');
    return new ServerProcess(child, ready.url, ready.code);
  }

  private async ask<T extends ServeMessage['type']>(order: ServeOrder, answer: T): Promise<Extract<ServeMessage, { type: T }>> {
    const reply = nextMessage<ServeMessage, T>(this.child, answer);
    this.child.send(order);
    return reply;
  }

  /** `light`: no full garbage collection first (its CPU time would count in the figures around it). */
  async stats(light = false): Promise<ServerStats> {
    return (await this.ask({ type: 'stats', light }, 'stats')).stats;
  }

  /** The floor: sends every connected client `event` (resolves once it is written to every socket). */
  async broadcast(event: string, payload: unknown): Promise<void> {
    await this.ask({ type: 'broadcast', event, payload }, 'broadcasted');
  }

  async startProfile(): Promise<void> {
    await this.ask({ type: 'profile-start' }, 'profiling');
  }

  /** Stops the CPU profile, writes it to `file` and returns where the time went. */
  async stopProfile(file: string): Promise<ProfileSummary> {
    return (await this.ask({ type: 'profile-stop', file }, 'profile')).summary;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export class LoadProcess {
  private readonly child = forkTs('load-worker.ts', []);

  async order<T extends WorkerReport['type']>(order: WorkerOrder, answer: T): Promise<Extract<WorkerReport, { type: T }>> {
    const reply = nextMessage<WorkerReport, T>(this.child, answer);
    this.child.send(order);
    return reply;
  }

  close(): void {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies WorkerOrder);
  }
}
