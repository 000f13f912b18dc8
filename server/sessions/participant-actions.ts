// What a participant changes — votes, their role, text answers and questions, upvotes: one change
// at a time per participant, decided against the poll as their previous change left it, limited
// (text and upvotes), then committed before it is acknowledged.
import { LOCAL_PEERS, type Peers } from '../cluster/peers.js';
import { UNSAID_ROLE } from '../deck/types.js';
import type { WordFilter } from '../moderation/word-filter.js';
import type { MyAnswer } from '../protocol.js';
import type { SerialQueue } from '../serial.js';
import { newEntryId } from '../session/code.js';
import type { EntryData } from '../session/entries.js';
import { ProtocolFailure } from '../session/failure.js';
import type { PollState } from '../session/poll.js';
import { ROLE_POLL_ID } from '../session/roles.js';
import type { Session } from '../session/session.js';
import type { Commits } from './commit.js';
import { type Guard, ParticipantLimits } from './participant-limits.js';

export class ParticipantActions {
  private readonly limits = new ParticipantLimits();

  constructor(
    private readonly commits: Commits,
    /** One change at a time per participant (see SerialQueue). */
    private readonly queue: SerialQueue,
    private readonly now: () => number,
    /** Holds matching text answers and questions for the presenter's approval. */
    private readonly filter: WordFilter,
    private readonly peers: Peers,
  ) {}

  vote(session: Session, participantId: string, pollId: string, optionIds: string[]): Promise<MyAnswer> {
    return this.queue.run(participantKey(session, participantId), async () => {
      session.checkWindow(this.now());
      const poll = session.poll(pollId);
      const { answer, changed } = poll.decideVote(participantId, optionIds, this.now());
      const round = poll.round;
      if (changed) {
        await this.commits.commit({ kind: 'vote', vote: { code: session.code, pollId, round, participantId, ...answer } });
      } else if (this.peers !== LOCAL_PEERS) {
        // Another process may have stored a later answer of this phone and died before telling
        // this one (its phones reconnect here and send their answer again): the same answer is
        // stored again, as given now, so that what is acknowledged is what is stored.
        await this.commits.commit({ kind: 'vote', vote: { code: session.code, pollId, round, participantId, ...answer, answeredAt: this.now() } });
      }
      return { pollId, round, optionIds: answer.optionIds };
    });
  }

  /**
   * The role a participant gives (a deck with roles; null: "Prefer not to say"): their answer to
   * the session's hidden poll of roles, stored like a vote. Refused once the session has ended.
   */
  async setRole(session: Session, participantId: string, role: string | null): Promise<string | null> {
    if (session.endedAt !== null) throw new ProtocolFailure('forbidden', 'This session has ended.');
    await this.vote(session, participantId, ROLE_POLL_ID, [role ?? UNSAID_ROLE]);
    return role;
  }

  /**
   * A `text` answer or `qa` question: checked, held if the word filter matches, stored. `guard`
   * applies the caller's own limits (e.g. per network address) once the answer passed the checks
   * and this participant's limit, so that neither a refused answer nor a participant over their
   * own limit uses up what others may still send; it throws to refuse, and returns how to give
   * back what it took (an answer that could not be stored uses up no limit).
   */
  async submit(session: Session, participantId: string, pollId: string, raw: string, guard?: Guard): Promise<{ answer: MyAnswer; entry: EntryData }> {
    return this.queue.run(participantKey(session, participantId), async () => {
      // A refused answer takes nothing from the limits.
      session.checkWindow(this.now());
      session.poll(pollId).checkText(participantId, raw);
      let stored: { poll: PollState; entry: EntryData } | undefined;
      await this.limits.run('text', participantKey(session, participantId), guard, () => {
        // Decided once the limits are taken (they may have waited on Redis), against the poll as it is now.
        const poll = session.poll(pollId);
        const text = poll.checkText(participantId, raw);
        const entry: EntryData = {
          id: newEntryId(),
          participantId,
          text,
          createdAt: this.now(),
          status: this.filter.holds(text) ? 'held' : 'shown',
          answeredAt: null,
        };
        stored = { poll, entry };
        return this.commits.commit({ kind: 'entry', entry: { code: session.code, pollId, round: poll.round, ...entry } });
      });
      const { poll, entry } = stored!;
      return { answer: poll.entryAnswer(participantId), entry };
    });
  }

  /** One upvote per participant per `qa` question (or taking it back). `guard`: as for `submit`. */
  async upvote(
    session: Session,
    participantId: string,
    pollId: string,
    entryId: string,
    up: boolean,
    guard?: Guard,
  ): Promise<{ answer: MyAnswer; changed: boolean }> {
    return this.queue.run(participantKey(session, participantId), async () => {
      session.checkWindow(this.now());
      let poll = session.poll(pollId);
      let changed = false;
      await this.limits.run('upvote', participantKey(session, participantId), guard, async () => {
        // Decided once the limits are taken (they may have waited on Redis), against the poll as it is now.
        poll = session.poll(pollId);
        changed = poll.decideUpvote(participantId, entryId, up);
        if (changed)
          await this.commits.commit({ kind: 'upvote', upvote: { code: session.code, pollId, round: poll.round, entryId, participantId }, up });
      });
      return { answer: poll.entryAnswer(participantId), changed };
    });
  }
}

const participantKey = (session: Session, participantId: string): string => `${session.code}\n${participantId}`;
