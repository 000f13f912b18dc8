// One load process of the bench: holds a share of the simulated participants (bare WebSocket
// clients, see wire.ts), joins them to the session, and on order has each vote once at a random
// moment of the window (a share of them change their vote later in the window). It reports
// acknowledgement latencies and each participant's last acknowledged choice, so the bench can
// check the server's tally against what was acknowledged.
import type { VoteReport, WorkerOrder, WorkerReport } from './shared.js';
import { WireClient } from './wire.js';

interface Participant {
  id: string;
  client: WireClient;
}

let participants: Participant[] = [];
const send = (report: WorkerReport): void => void process.send?.(report);

async function connectAll(urls: string[], code: string, ids: string[], concurrency: number): Promise<void> {
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const connected: Participant[] = [];
  const lane = async (): Promise<void> => {
    while (next < ids.length) {
      const k = next++;
      const id = ids[k]!;
      try {
        const client = await WireClient.connect(urls[k % urls.length]!);
        const ack = (await client.emitWithAck('audience:join', { code, participantId: id })) as { ok: boolean; error?: unknown };
        if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack.error)}`);
        connected.push({ id, client });
      } catch (err) {
        failed++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  participants = connected;
  send({ type: 'connected', connected: connected.length, failed, ...(firstError ? { firstError } : {}) });
}

async function voteAll(order: Extract<WorkerOrder, { type: 'vote' }>): Promise<void> {
  const report: VoteReport = {
    sent: 0,
    acked: 0,
    errors: {},
    latencies: [],
    firstAcks: [],
    finalCounts: {},
    spanMs: 0,
    firstSendAt: Infinity,
    lastAckAt: 0,
  };
  const pick = (): string => order.options[Math.floor(Math.random() * order.options.length)]!;
  const vote = async (p: Participant, optionId: string): Promise<boolean> => {
    const sentAt = Date.now();
    report.sent++;
    report.firstSendAt = Math.min(report.firstSendAt, sentAt);
    const ack = (await p.client.emitWithAck('audience:vote', { pollId: order.pollId, optionIds: [optionId] })) as {
      ok: boolean;
      error?: { code: string };
    };
    const ackAt = Date.now();
    if (!ack.ok) {
      const code = ack.error?.code ?? 'unknown';
      report.errors[code] = (report.errors[code] ?? 0) + 1;
      return false;
    }
    report.acked++;
    report.latencies.push(ackAt - sentAt);
    report.lastAckAt = Math.max(report.lastAckAt, ackAt);
    return true;
  };
  const final = new Map<string, string>();
  await Promise.all(
    participants.map(async (p) => {
      const at = order.startAt + Math.random() * order.windowMs;
      await sleepUntil(at);
      const first = pick();
      if (!(await vote(p, first))) return;
      report.firstAcks.push(Date.now());
      final.set(p.id, first);
      if (Math.random() < order.changeShare) {
        // A change of mind later in the window, always to another option.
        await sleepUntil(Math.max(Date.now(), order.startAt + Math.random() * order.windowMs));
        const second = order.options.find((o) => o !== first)!;
        if (await vote(p, second)) final.set(p.id, second);
      }
    }),
  );
  for (const optionId of final.values()) report.finalCounts[optionId] = (report.finalCounts[optionId] ?? 0) + 1;
  report.spanMs = report.lastAckAt - report.firstSendAt;
  send({ type: 'voted', report });
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

process.on('message', (order: WorkerOrder) => {
  if (order.type === 'connect') void connectAll(order.urls, order.code, order.ids, order.concurrency);
  else if (order.type === 'vote') void voteAll(order);
  else if (order.type === 'count') {
    const received: Record<string, number> = {};
    for (const p of participants) for (const [event, n] of p.client.received) received[event] = (received[event] ?? 0) + n;
    send({ type: 'counted', received });
  } else {
    for (const p of participants) p.client.close();
    process.exit(0);
  }
});
