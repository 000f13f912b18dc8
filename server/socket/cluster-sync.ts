// With REDIS_URL, several Parley processes serve the same sessions. Each keeps its own copy of a
// session and tells only its own sockets; this module keeps the copies in step:
// - a change another process stored arrives as a batch, is applied to this copy
//   (Sessions.mirror) and shown to this process's clients by the same notifier as its own changes
//   (socket/notifier.ts), coalesced like local votes (one tally per tick), so the presenter sees
//   one total whichever process took each vote;
// - every process sends its connected-participant counts (presence) every PRESENCE_INTERVAL_MS
//   and soon after they change; the presenter's count is the sum over processes;
// - a gap in a process's batch numbers (messages lost while Redis restarted), or a process that
//   went silent (killed) or left, makes this one reload its sessions from the store, where every
//   acknowledged change is.
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { ChangeBatch, Presence } from '../cluster/peers.js';
import type { RedisPeers } from '../cluster/redis-peers.js';
import type { Sessions } from '../sessions.js';
import type { TallyBroadcaster } from './tally-broadcaster.js';
import type { ParleyServer } from './types.js';

/** How often a process says it is alive, with its participant counts. */
export const PRESENCE_INTERVAL_MS = 2000;
/** A process not heard from for this long is taken for dead: its participants no longer count. */
export const PEER_TIMEOUT_MS = 3 * PRESENCE_INTERVAL_MS + 500;
/** How soon a changed participant count is sent. */
const PRESENCE_CHANGE_MS = 100;

export interface ClusterSyncDeps {
  peers: RedisPeers;
  sessions: Sessions;
  broadcaster: TallyBroadcaster;
  log: Logger;
  metrics: Metrics;
}

export interface ClusterSync {
  /**
   * Shutdown: this process stops following the others (no more reloads while its store closes)
   * and tells them it leaves (its participants stop counting at once).
   */
  leave(): void;
}

export function attachClusterSync(io: ParleyServer, deps: ClusterSyncDeps): ClusterSync {
  const { peers, sessions, broadcaster, log, metrics } = deps;
  peers.attach(io);
  /** Per other process: the last batch number heard of, and when it was last heard from. */
  const heard = new Map<string, { seq: number; at: number }>();
  let left = false;

  /** Notes a message from `server`; false when a batch of it went missing. */
  const hear = (server: string, seq: number, batch: boolean): boolean => {
    const last = heard.get(server);
    heard.set(server, { seq: Math.max(seq, last?.seq ?? 0), at: Date.now() });
    metrics.peerProcesses = heard.size;
    if (!last) return true;
    return batch ? seq === last.seq + 1 : seq <= last.seq;
  };

  io.on('parley:changes', (batch: ChangeBatch) => {
    if (left) return;
    const complete = hear(batch.server, batch.seq, true);
    for (const change of batch.changes) {
      try {
        // Applied to this copy and told to this process's clients (socket/notifier.ts).
        sessions.mirror(change);
        metrics.changesReceived += 1;
      } catch (err) {
        log.error({ err, kind: change.kind, from: batch.server }, 'applying a change from another process failed');
      }
    }
    if (!complete) reload(`missed changes of process ${batch.server}`);
  });

  io.on('parley:presence', (presence: Presence) => {
    if (left) return;
    if (presence.leaving) {
      heard.delete(presence.server);
      metrics.peerProcesses = heard.size;
      participants(presence.server, {});
      reload(`process ${presence.server} left`);
      return;
    }
    const complete = hear(presence.server, presence.seq, false);
    participants(presence.server, presence.counts);
    if (!complete) reload(`missed changes of process ${presence.server}`);
  });

  const participants = (server: string, counts: Record<string, number>): void => {
    for (const session of sessions.peerParticipants(server, counts)) broadcaster.participantsChanged(session);
  };

  // One reload at a time; a reason that comes up during one runs another after it.
  let reloading: Promise<void> | undefined;
  let again = false;
  const reload = (reason: string): void => {
    if (left) return;
    if (reloading) {
      again = true;
      return;
    }
    log.warn({ reason }, 'reloading live sessions from the store');
    metrics.reloads += 1;
    // Clients are sent the reloaded state by the notifier (Sessions.onReload).
    reloading = sessions
      .reloadAll()
      .then(() => {})
      .catch((err: unknown) => {
        if (!left) log.error({ err }, 'reloading live sessions failed');
      })
      .finally(() => {
        reloading = undefined;
        if (again) {
          again = false;
          reload('changes missed during the last reload');
        }
      });
  };

  // Presence: sent every PRESENCE_INTERVAL_MS, and within PRESENCE_CHANGE_MS of a count changing.
  let sent = '';
  let sentAt = 0;
  const tick = setInterval(() => {
    const now = Date.now();
    const counts = sessions.localParticipants();
    const key = JSON.stringify(counts);
    if (key !== sent || now - sentAt >= PRESENCE_INTERVAL_MS) {
      sent = key;
      sentAt = now;
      io.serverSideEmit('parley:presence', { server: peers.id, seq: peers.seq, counts });
    }
    for (const [server, { at }] of heard) {
      if (now - at < PEER_TIMEOUT_MS) continue;
      heard.delete(server);
      metrics.peerProcesses = heard.size;
      participants(server, {});
      reload(`process ${server} went silent`);
    }
  }, PRESENCE_CHANGE_MS);
  tick.unref();

  return {
    leave() {
      left = true;
      clearInterval(tick);
      io.serverSideEmit('parley:presence', { server: peers.id, seq: peers.seq, counts: {}, leaving: true });
    },
  };
}
