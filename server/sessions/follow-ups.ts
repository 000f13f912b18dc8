// Follow-up sessions: a phone joining one is matched to the earlier session by its id there (the
// socket layer derives it from the phone's own id, as it derives the id in this session). Its
// commitment there is read from the earlier session, and that it took part — with the step it
// chose — is stored as the follow-up's link before the join is answered. Nothing else of the
// earlier session is copied, and its id for the participant is never stored.
import type { FollowUp } from '../protocol.js';
import { ProtocolFailure } from '../session/failure.js';
import { earlierCommitment } from '../session/follow-up.js';
import type { Session } from '../session/session.js';
import type { Store } from '../store/store.js';
import { NotStoredError } from './commit.js';

export class FollowUps {
  /** The links this process has stored (or read), per follow-up session in memory: a phone joining again writes nothing. */
  private readonly stored = new WeakMap<Session, Map<string, string | null>>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** A session by code, read from the store when not in memory (Sessions.get). */
    private readonly get: (code: string) => Promise<Session | null>,
  ) {}

  /**
   * What a participant of `session` (a follow-up) is shown of the earlier session, given its id
   * there (`earlierParticipantId`); its link is stored first when it took part (NotStoredError when
   * the store refuses it).
   */
  async join(session: Session, participantId: string, earlierParticipantId: string): Promise<FollowUp> {
    const earlierCode = session.followUpOf;
    const earlier = earlierCode === null ? null : await this.get(earlierCode);
    if (!earlier) return { linked: false };
    const commitment = earlierCommitment(earlier, earlierParticipantId);
    if (commitment.tookPart) await this.link(session, participantId, commitment.step);
    return commitment.followUp;
  }

  private async link(session: Session, participantId: string, step: string | null): Promise<void> {
    let links = this.stored.get(session);
    if (!links) {
      links = new Map();
      this.stored.set(session, links);
    }
    if (links.has(participantId) && links.get(participantId) === step) return;
    try {
      await this.store.saveLink({ code: session.code, participantId, step, linkedAt: this.now() });
    } catch (err) {
      if (err instanceof ProtocolFailure) throw err;
      throw new NotStoredError(err);
    }
    links.set(participantId, step);
  }
}
