// What My session shows, worked out from the server's record (MySession): the commitment, each
// poll's answers by round, and the reminder's default day. Pure: the screen and the reminder read it.
import type { PollOption } from '../server/deck/types.js';
import type { MyAnswer, MyPoll, MySession } from '../server/protocol.js';

/** How many days after the session the commitment's reminder falls, unless the participant picks a day. */
export const REMINDER_AFTER_DAYS = 28;

export interface Commitment {
  /** The labels of the options chosen in the commitment's choice polls (their last round). */
  steps: string[];
  /** What the participant wrote in its text polls. */
  words: string[];
}

/** The participant's commitment, or null when the deck marks none. */
export function commitmentOf(mine: MySession): Commitment | null {
  const polls = mine.polls.filter((p) => p.poll.commitment);
  if (polls.length === 0) return null;
  const last = (p: MyPoll): MyAnswer | undefined => p.rounds.at(-1);
  return {
    steps: polls.flatMap((p) => labels(p.poll.options, last(p)?.optionIds ?? [])),
    words: polls.flatMap((p) => (last(p)?.entries ?? []).map((e) => e.text)),
  };
}

/** The labels of `ids`, in their order (an option no longer in the deck is left out). */
export function labels(options: readonly PollOption[], ids: readonly string[]): string[] {
  return ids.flatMap((id) => options.find((o) => o.id === id)?.label ?? []);
}

/** Whether the answer moved between the last two rounds (undefined: fewer than two). */
export function changedAnswer(rounds: readonly MyAnswer[]): boolean | undefined {
  if (rounds.length < 2) return undefined;
  const [before, after] = rounds.slice(-2) as [MyAnswer, MyAnswer];
  return before.optionIds.join('\n') !== after.optionIds.join('\n');
}

/** `YYYY-MM-DD` of `ms` in the phone's own time zone. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The reminder's day unless the participant picks one: REMINDER_AFTER_DAYS after the session ended (or `now`, while it runs). */
export function defaultReminderDay(mine: MySession, now: number): string {
  const from = new Date(mine.endedAt ?? now);
  from.setDate(from.getDate() + REMINDER_AFTER_DAYS);
  return localDay(from.getTime());
}

export function percent(count: number, respondents: number): number {
  return respondents > 0 ? Math.round((count / respondents) * 100) : 0;
}
