// One presenter connection to a session: joins with the key (again after every reconnect), keeps
// the session's state up to date and sends the presenter's commands. The projector window and the
// console each hold one; the server relays slide and poll changes between them.
import { io, type Socket } from 'socket.io-client';
import { transports, watchTransport } from '../audience/transport.js';
import type { Deck, DeckError, SlidePosition } from '../server/deck/types.js';
import type {
  ChartView,
  ClientToServerEvents,
  EntriesUpdate,
  Entry,
  ModerateAction,
  PollAction,
  PresenterPollState,
  PresenterState,
  PresenterView,
  ServerToClientEvents,
  SlideTimer,
  StorageStatus,
  TallyUpdate,
} from '../server/protocol.js';
import { h } from './dom.js';
import { forgetKey } from './key.js';
import { askKey, showPanel, toast } from './ui.js';

const ACK_TIMEOUT_MS = 8000;
const NO_ANSWER = 'No answer from the server — check the connection.';

/** What a view does with what the server says; every handler is optional. */
export interface LinkEvents {
  /** Joined (first time, or again after a reconnect): `state` is the whole session. */
  joined?(state: PresenterState): void | Promise<void>;
  tally?(update: TallyUpdate): void;
  poll?(poll: PresenterPollState): void;
  entries?(update: EntriesUpdate): void;
  /** Another presenter window moved the deck. */
  slide?(position: SlidePosition): void;
  /** The slides the session has been on changed (after any slide change, this window's too). */
  visited?(ids: string[]): void;
  deck?(deck: Deck): void;
  deckErrors?(errors: DeckError[]): void;
  /** Whether the server is saving answers (also sent with every join, in `state.storage`). */
  storage?(status: StorageStatus): void;
  ended?(): void;
  /** The discussion timer was started, restarted or stopped (null); also in every join's `state.discussion`. */
  discussion?(timer: SlideTimer | null): void;
  /** The connection dropped (participants unknown until the next join). */
  offline?(): void;
}

export class PresenterLink {
  state: PresenterState | null = null;
  /** Participants connected now; null while this window is offline. */
  participants: number | null = null;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  /** `view`: the projector is sent a poll's counts only once they are shown to the room; the console always. */
  constructor(
    readonly code: string,
    private key: string,
    readonly view: PresenterView,
    events: LinkEvents,
  ) {
    // As the phones connect: WebSocket first, long-polling where the network breaks WebSockets.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: transports(), tryAllTransports: true });
    this.socket = socket;
    const transport = watchTransport(socket);

    socket.on('connect', async () => {
      const join = () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:join', { code, key: this.key, view });
      let res: Awaited<ReturnType<typeof join>>;
      try {
        res = await join();
      } catch {
        return; // the next connect tries again
      }
      if (!res.ok) {
        socket.disconnect();
        if (res.error.code === 'unauthorized') {
          forgetKey();
          askKey((k) => {
            this.key = k;
            socket.connect();
          }, 'That key was not accepted.');
        } else {
          showPanel(h('p', { class: 'panel-error', role: 'alert' }, res.error.message), h('a', { href: '/present' }, 'Start a new session'));
        }
        return;
      }
      transport.joined();
      this.state = res.data;
      this.participants = res.data.participants;
      events.storage?.(res.data.storage);
      await events.joined?.(res.data);
    });

    socket.on('disconnect', (reason) => {
      this.participants = null;
      events.offline?.();
      // The server let this window go (the session was deleted): joining again says why.
      if (reason === 'io server disconnect') socket.connect();
    });

    socket.on('presenter:tally', (update) => {
      this.participants = update.participants;
      for (const tally of update.tallies) {
        const poll = this.pollState(tally.pollId);
        if (poll) poll.tally = tally;
      }
      events.tally?.(update);
    });
    socket.on('presenter:poll-state', (poll) => {
      this.storePoll(poll);
      events.poll?.(poll);
    });
    socket.on('presenter:entries', (update) => events.entries?.(update));
    socket.on('presenter:slide', (position) => {
      if (this.state) this.state.slide = position;
      events.slide?.(position);
    });
    socket.on('presenter:visited', (ids) => {
      if (this.state) this.state.visited = ids;
      events.visited?.(ids);
    });
    socket.on('presenter:deck', (deck) => {
      if (this.state) this.state.deck = deck;
      events.deck?.(deck);
    });
    socket.on('presenter:deck-errors', (errors) => events.deckErrors?.(errors));
    socket.on('presenter:storage', (status) => {
      if (this.state) this.state.storage = status;
      events.storage?.(status);
    });
    socket.on('presenter:discussion', (timer) => {
      this.storeDiscussion(timer);
      events.discussion?.(timer);
    });
    socket.on('server:closing', () => {
      toast('The Parley server is restarting: every answer is saved. This window reconnects by itself.', 8000);
    });
    socket.on('presenter:ended', () => {
      if (this.state?.ended) return;
      if (this.state) this.state.ended = true;
      events.ended?.();
    });
  }

  pollState(pollId: string): PresenterPollState | undefined {
    return this.state?.polls.find((p) => p.id === pollId);
  }

  /** Applies a poll action; resolves with the poll's new state, or null (the toast said why). */
  poll(pollId: string, action: PollAction): Promise<PresenterPollState | null> {
    return this.ask(
      () => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:poll', { pollId, action }),
      (poll) => this.storePoll(poll),
    );
  }

  /** Starts (or restarts) the timer of an open poll; `null` stops it. */
  timer(pollId: string, seconds: number | null): Promise<PresenterPollState | null> {
    return this.ask(
      () => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:timer', { pollId, seconds }),
      (poll) => this.storePoll(poll),
    );
  }

  /** Starts (or restarts) the discussion timer on the current slide; `null` stops it. */
  discuss(seconds: number | null): Promise<SlideTimer | null> {
    return this.ask(
      () => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:discuss', { seconds }),
      (timer) => this.storeDiscussion(timer),
    );
  }

  private storeDiscussion(timer: SlideTimer | null): void {
    if (!this.state) return;
    if (timer) this.state.discussion = timer;
    else delete this.state.discussion;
  }

  /** Shows a poll's chart as `view` on every presenter window (M, K); resolves with the poll's new state, or null (the toast said why). */
  setView(pollId: string, view: ChartView): Promise<PresenterPollState | null> {
    return this.ask(
      () => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:view', { pollId, view }),
      (poll) => this.storePoll(poll),
    );
  }

  /** Moves the session (phones and the other presenter windows follow). */
  goto(position: SlidePosition): Promise<SlidePosition | null> {
    if (this.state) this.state.slide = position;
    return this.ask(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:goto', position));
  }

  moderate(pollId: string, entryId: string, action: ModerateAction): Promise<Entry | null> {
    return this.ask(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:moderate', { pollId, entryId, action }));
  }

  markEnded(): void {
    if (this.state) this.state.ended = true;
  }

  private storePoll(poll: PresenterPollState): void {
    if (!this.state) return;
    // A poll the deck file gained (dev reload) is new here.
    if (this.pollState(poll.id)) this.state.polls = this.state.polls.map((p) => (p.id === poll.id ? poll : p));
    else this.state.polls.push(poll);
  }

  private async ask<T>(
    send: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>,
    store?: (data: T) => void,
  ): Promise<T | null> {
    try {
      const res = await send();
      if (!res.ok) {
        toast(res.error.message);
        return null;
      }
      store?.(res.data);
      return res.data;
    } catch {
      toast(NO_ANSWER);
      return null;
    }
  }
}
