// A follow-up session, weeks after an earlier one: what a phone committed to in the earlier
// session (its answers to the polls its deck marks `commitment: true`), read from that session for
// the phone's id there. Pure: the caller hands in the earlier session and the participant's id in it.
import type { Poll } from '../deck/types.js';
import type { FollowUp } from '../protocol.js';
import type { Session } from './session.js';

/** What the follow-up keeps and shows of a participant of the earlier session. */
export interface EarlierCommitment {
  /** They answered something in the earlier session (a vote, an entry or a role): their answers are linked. */
  tookPart: boolean;
  /** The option they chose in the earlier commitment poll with options; null: none. */
  step: string | null;
  /** What the phone is shown (JoinResult.followUp). */
  followUp: FollowUp;
}

/** The earlier deck's commitment poll with options (the step), if any: the first marked `commitment: true`. */
export function commitmentStepPoll(polls: readonly Poll[]): Poll | undefined {
  return polls.find((p) => p.commitment && p.options.length > 0);
}

/** The earlier deck's commitment poll of typed answers (the participant's words), if any. */
function commitmentTextPoll(polls: readonly Poll[]): Poll | undefined {
  return polls.find((p) => p.commitment && p.type === 'text');
}

/** This participant's (`participantId`: their id in the earlier session) commitment there. */
export function earlierCommitment(earlier: Session, participantId: string): EarlierCommitment {
  const polls = earlier.deck.polls;
  const mine = (poll: Poll | undefined) => (poll ? (earlier.findPoll(poll.id)?.myRounds(participantId) ?? []) : []);
  const stepPoll = commitmentStepPoll(polls);
  const stepId = mine(stepPoll).at(-1)?.optionIds[0] ?? null;
  const option = stepId === null ? undefined : stepPoll?.options.find((o) => o.id === stepId);
  const words = mine(commitmentTextPoll(polls))
    .flatMap((answer) => answer.entries ?? [])
    .map((e) => e.text);
  const tookPart = earlier.roleOf(participantId) !== undefined || [...earlier.allPolls()].some((state) => state.myRounds(participantId).length > 0);
  return {
    tookPart,
    step: tookPart ? stepId : null,
    followUp: {
      earlier: { title: earlier.deck.meta.title, startedAt: earlier.createdAt },
      linked: tookPart,
      ...(stepPoll && option && { step: { question: stepPoll.question, label: option.label } }),
      ...(words.length > 0 && { words }),
    },
  };
}
