// Publishing to the other Parley processes through the Socket.IO Redis adapter: changes of one
// event-loop turn go out together as one server-side emit, and each publish resolves once Redis
// has taken that emit, so that an acknowledged change is on its way to every live process (or,
// when Redis went away between the store's write and the publish, reloaded by them later).
import { nanoid } from 'nanoid';
import type { RedisAdapterLink } from '../socket/redis-adapter.js';
import type { Change, ChangeBatch, InterServerEvents, Peers } from './peers.js';

/** What the publisher needs of the Socket.IO server. */
export interface ServerSideEmitter {
  serverSideEmit<E extends keyof InterServerEvents>(event: E, ...args: Parameters<InterServerEvents[E]>): unknown;
}

export class RedisPeers implements Peers {
  /** This process, as the others know it. */
  readonly id = nanoid(10);
  /** Batches published so far (the last one's number). */
  seq = 0;
  private batch: Change[] = [];
  private sending: Promise<void> | undefined;
  private emitter: ServerSideEmitter | undefined;

  constructor(private readonly link: RedisAdapterLink) {}

  /** The Socket.IO server to emit through (it is created after the sessions that publish). */
  attach(emitter: ServerSideEmitter): void {
    this.emitter = emitter;
  }

  publish(change: Change): Promise<void> {
    this.batch.push(change);
    this.sending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send());
    return this.sending;
  }

  claim(key: string, ttlMs: number): Promise<boolean> {
    return this.link.claim(key, ttlMs);
  }

  private async send(): Promise<void> {
    this.seq += 1;
    const batch: ChangeBatch = { server: this.id, seq: this.seq, changes: this.batch };
    this.batch = [];
    this.sending = undefined;
    this.emitter?.serverSideEmit('parley:changes', batch);
    // Not taken (Redis went away after the store took the changes): they are stored all the same,
    // so their callers still acknowledge them. The others miss this batch's number and reload from
    // the store as soon as they hear from this process again (cluster-sync.ts).
    await this.link.published().catch(() => {});
  }
}
