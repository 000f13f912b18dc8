// Abuse limits of the live (Socket.IO) side: how many connections one network address may hold
// and how fast participants and addresses may join, vote, send text and upvote. Sized so that
// honest use never meets them — a participant changing their vote a few times a second, a whole
// classroom or hospital ward behind one NAT address voting within the same second, everybody
// re-joining after a Wi-Fi blip — while a script flooding the server is answered `rate_limited`
// (or refused a connection) at the cost of a counter update. docs/protocol.md lists the numbers.
// Per participant and per connection the counts are token buckets in this process's memory
// (server/token-bucket.ts: decided at once, every vote passes them); per address they are
// rate-limiter-flexible's (server/rate-limit.ts), in Redis with REDIS_URL — so that N processes
// serving one audience do not let an address do N times as much — else in memory.
import { BurstLimit, type GiveBack, type Rate, type SharedCounts } from '../rate-limit.js';
import { ProtocolFailure } from '../session/failure.js';
import { KeyedBuckets, TokenBucket } from '../token-bucket.js';

/**
 * Concurrent Socket.IO connections one address may hold: a room of 150 people behind one NAT,
 * each with a second tab open, still passes. Refused connections get a `connect_error`.
 */
export const CONNECTIONS_PER_ADDRESS = 300;

/**
 * New connections per address: the whole room at once (the QR code goes up, or everybody comes
 * back after a Wi-Fi blip), then 5 a second. A script reconnecting in a loop waits.
 */
export const CONNECTION_RATE: Rate = { burst: CONNECTIONS_PER_ADDRESS, perSecond: 5 };
// (A connection closed for flooding uses up the address's burst: see AbuseLimits.flooded.)

/**
 * Messages on one connection, whatever they are. A phone sends a few a minute, a presenter holding
 * the arrow key some 30 a second; past this budget a message is answered `rate_limited` without
 * being read, and a connection that goes on regardless (OVERRUN_LIMIT more) is closed, so that one
 * flooding client cannot hold up everybody else's answers.
 */
export const MESSAGE_RATE: Rate = { burst: 200, perSecond: 100 };
export const OVERRUN_LIMIT = 100;

/**
 * This machine. Its connections, joins and votes are not limited per address: they are the
 * operator, `npm run bench`, or a reverse proxy on the same host, through which every participant
 * would appear to come from one address. Per-participant limits still apply to them, and wrong
 * presenter keys are limited from here too: through a same-host proxy without TRUST_PROXY they are
 * guesses from the internet (and neither the operator nor the bench sends wrong keys).
 */
export const UNLIMITED_ADDRESSES: ReadonlySet<string> = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Per participant (join code + participant id). Text answers and upvotes: TEXT_RATE and UPVOTE_RATE in sessions/participant-limits.ts. */
export const PARTICIPANT_RATES = {
  /** Joins: reloads and reconnects (every tab of the participant together). */
  join: { burst: 20, perSecond: 2 },
  /** Votes: changing one's mind a few times a second is fine. */
  vote: { burst: 20, perSecond: 5 },
} as const satisfies Record<string, Rate>;

/** Per network address, every participant behind it together (a NAT'd classroom shares one). */
export const ADDRESS_RATES = {
  /** 300 phones joining at once (the QR code goes up) and joining again after a Wi-Fi blip. */
  join: { burst: 600, perSecond: 20 },
  /** 300 phones each voting and changing their mind a couple of times within a second. */
  vote: { burst: 1000, perSecond: 100 },
  /** Text answers and questions: 300 phones answering a word-cloud question at once. */
  submit: { burst: 300, perSecond: 5 },
  /** Q&A upvotes. */
  upvote: { burst: 600, perSecond: 20 },
  /** Wrong presenter keys (over HTTP and Socket.IO each): guessing stops at 10, then 1 a minute. */
  wrongKey: { burst: 10, perSecond: 1 / 60 },
} as const satisfies Record<string, Rate>;

export type ParticipantAction = keyof typeof PARTICIPANT_RATES;
export type AddressAction = keyof typeof ADDRESS_RATES;

const TOO_FAST: Record<ParticipantAction, string> = {
  join: 'You are joining too often',
  vote: 'You are voting too fast',
};
const NETWORK_TOO_FAST: Record<AddressAction, string> = {
  join: 'Too many joins from your network right now',
  vote: 'Too many votes from your network right now',
  submit: 'Too many answers from your network right now',
  upvote: 'Too many upvotes from your network right now',
  wrongKey: 'Too many wrong presenter keys from your network',
};

/** A `rate_limited` refusal that says how long to wait (HTTP sends it as `Retry-After`). */
export class RateLimited extends ProtocolFailure {
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', `${what} — wait ${retryAfterSeconds} s and try again.`);
  }
}

function refusal(what: string, waitMs: number): RateLimited {
  return new RateLimited(what, Math.max(1, Math.ceil(waitMs / 1000)));
}

const NOTHING_TAKEN: GiveBack = async () => {};

export interface LimitsOptions {
  connectionsPerAddress?: number;
  connectionRate?: Rate;
  messageRate?: Rate;
  overrunLimit?: number;
  unlimitedAddresses?: ReadonlySet<string>;
  participantRates?: Partial<Record<ParticipantAction, Rate>>;
  addressRates?: Partial<Record<AddressAction, Rate>>;
  /** Whose counts these are (`socket`, `api`, `metrics`): each keeps its own, also in a shared Redis. */
  scope?: string;
  /** With REDIS_URL: the per-address counts, shared by every process serving the same sessions. */
  shared?: SharedCounts;
}

/**
 * The limits of one server. Per-participant counts are this instance's (two servers in one
 * process share nothing); per-address counts too, unless `shared` puts them in Redis, where every
 * server on the same REDIS_KEY_PREFIX counts together. The cap on open connections is per process:
 * it guards the sockets this process holds.
 */
export class AbuseLimits {
  readonly connectionsPerAddress: number;
  readonly messageRate: Rate;
  readonly overrunLimit: number;
  private readonly unlimited: ReadonlySet<string>;
  private readonly connections = new Map<string, number>();
  private readonly connectionRate: BurstLimit;
  private readonly participant: Record<ParticipantAction, KeyedBuckets>;
  private readonly address: Record<AddressAction, BurstLimit>;

  constructor(options: LimitsOptions = {}) {
    this.connectionsPerAddress = options.connectionsPerAddress ?? CONNECTIONS_PER_ADDRESS;
    this.unlimited = options.unlimitedAddresses ?? UNLIMITED_ADDRESSES;
    this.messageRate = options.messageRate ?? MESSAGE_RATE;
    this.overrunLimit = options.overrunLimit ?? OVERRUN_LIMIT;
    const scope = options.scope ?? 'socket';
    const participant = { ...PARTICIPANT_RATES, ...options.participantRates };
    const address = { ...ADDRESS_RATES, ...options.addressRates };
    const perAddress = (action: string, rate: Rate): BurstLimit => new BurstLimit(rate, `${scope}:address:${action}`, options.shared);
    this.connectionRate = perAddress('connect', options.connectionRate ?? CONNECTION_RATE);
    this.participant = { join: new KeyedBuckets(participant.join), vote: new KeyedBuckets(participant.vote) };
    this.address = {
      join: perAddress('join', address.join),
      vote: perAddress('vote', address.vote),
      submit: perAddress('submit', address.submit),
      upvote: perAddress('upvote', address.upvote),
      wrongKey: perAddress('wrong-key', address.wrongKey),
    };
  }

  /** Whether `address` is limited per address (this machine is not, but for wrong keys). */
  limited(address: string): boolean {
    return !this.unlimited.has(address);
  }

  /**
   * Counts a new connection from `address`, or says why not (nothing counted): it holds the most
   * connections already, or opens them too fast. Counted at once, before the rate is known, so
   * that connections arriving together cannot all pass the cap.
   */
  async connect(address: string): Promise<'ok' | 'too_many' | 'too_fast'> {
    const open = this.connections.get(address) ?? 0;
    if (!this.limited(address)) {
      this.connections.set(address, open + 1);
      return 'ok';
    }
    if (open >= this.connectionsPerAddress) return 'too_many';
    this.connections.set(address, open + 1);
    let taken = false;
    try {
      taken = (await this.connectionRate.take(address)).taken;
    } finally {
      if (!taken) this.disconnect(address);
    }
    return taken ? 'ok' : 'too_fast';
  }

  /**
   * A connection from `address` was closed for flooding: the address has used up its new
   * connections, so a script reconnecting at once gets CONNECTION_RATE.perSecond, not a new burst.
   */
  async flooded(address: string): Promise<void> {
    if (this.limited(address)) await this.connectionRate.useUpBurst(address);
  }

  /** The message budget of one new connection. */
  messageBudget(): MessageBudget {
    return new MessageBudget(this.messageRate, this.overrunLimit);
  }

  /** A connection counted by `connect` closed. */
  disconnect(address: string): void {
    const open = (this.connections.get(address) ?? 0) - 1;
    if (open > 0) this.connections.set(address, open);
    else this.connections.delete(address);
  }

  /** Connections `address` holds now. */
  connectionsOf(address: string): number {
    return this.connections.get(address) ?? 0;
  }

  /**
   * Takes one event of `action` for a participant (of the session `code`) and for the
   * address it comes from — both or neither: an event the participant's own limit refuses does
   * not use up what the participant's neighbours behind the same address may still do.
   * Throws `rate_limited` with how long to wait; returns how to give both back (the event did not
   * happen: its write was refused).
   */
  take(action: ParticipantAction, code: string, participantId: string, address: string): Promise<GiveBack> {
    // No async function here: every vote comes this way, and on this machine (no address count)
    // it is decided at once, with one settled promise.
    const buckets = this.participant[action];
    const waitMs = buckets.take(code, participantId);
    if (waitMs > 0) return Promise.reject(refusal(TOO_FAST[action], waitMs));
    if (!this.limited(address)) return Promise.resolve(async () => buckets.giveBack(code, participantId));
    return this.takeAddress(action, address).then(
      (network) => async () => {
        buckets.giveBack(code, participantId);
        await network();
      },
      (err: unknown) => {
        buckets.giveBack(code, participantId);
        throw err;
      },
    );
  }

  /**
   * Takes one event of `action` for an address (nothing for this machine) and returns how to give
   * it back. Throws `rate_limited`.
   */
  async takeAddress(action: AddressAction, address: string): Promise<GiveBack> {
    if (!this.limited(address)) return NOTHING_TAKEN;
    const taken = await this.address[action].take(address);
    if (!taken.taken) throw refusal(NETWORK_TOO_FAST[action], taken.waitMs);
    return taken.giveBack;
  }

  /**
   * Whether `address` may try a presenter key now (it has not guessed wrong too often): throws
   * `rate_limited` if not. Every address, this machine included (see UNLIMITED_ADDRESSES).
   */
  async checkKeyGuess(address: string): Promise<void> {
    const wait = await this.address.wrongKey.waitMs(address);
    if (wait > 0) throw refusal(NETWORK_TOO_FAST.wrongKey, wait);
  }

  /** Records a wrong presenter key from `address` (any address). */
  async wrongKey(address: string): Promise<void> {
    await this.address.wrongKey.take(address);
  }
}

/**
 * One connection's messages: `admit` says whether the next one is within budget (`ok`), over it
 * (`refuse`: answer without reading it), or over it for too long (`close`: the client ignores
 * the refusals). Decided synchronously for every packet, before the packet is read — a flood is
 * answered without a promise per message.
 */
export class MessageBudget extends TokenBucket {
  private overrun = 0;

  constructor(
    rate: Rate,
    private readonly overrunLimit: number,
  ) {
    super(rate);
  }

  admit(): 'ok' | 'refuse' | 'close' {
    if (this.take(Date.now()) === 0) {
      this.overrun = 0;
      return 'ok';
    }
    this.overrun += 1;
    return this.overrun > this.overrunLimit ? 'close' : 'refuse';
  }
}
