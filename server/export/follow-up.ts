// A follow-up session's part of the exports: of its respondents, how many took part in the earlier
// session (linked) and how many did not, and — for the poll the deck marks `kept: <option>` — how
// many of those linked kept their commitment, step by step of the earlier commitment poll. Counts
// only, never anyone's answers, under the privacy floor of the split by role: a step with fewer
// than `floor` respondents is not shown on its own ("fewer than 5"), and while the respondents not
// shown (small steps, those not linked, linked without a step) would be fewer than `floor` but
// some, the smallest step shown is left out too (hiddenRoles). Pure but for `followUpSource`,
// which reads what it needs from the store.
import type { PollOption } from '../deck/types.js';
import type { RoleHidden } from '../protocol.js';
import { commitmentStepPoll } from '../session/follow-up.js';
import { hiddenRoles } from '../session/roles.js';
import type { LinkRecord, SessionRecord, Store } from '../store/store.js';

/** The earlier session as a follow-up's export names it. */
export interface FollowUpEarlier {
  code: string;
  /** Null once the earlier session was deleted (then its steps are named by their ids). */
  title: string | null;
  startedAt: number | null;
  /** The options of the earlier deck's commitment poll (its steps), in deck order; empty when unknown. */
  steps: PollOption[];
}

/** What a follow-up's export section is made of, besides the session's own records. */
export interface FollowUpSource {
  earlier: FollowUpEarlier;
  links: readonly Pick<LinkRecord, 'participantId' | 'step'>[];
}

/** The kept poll of the follow-up: its options, the one meaning "kept", and each respondent's answer (its shown round's latest). */
export interface KeptAnswers {
  pollId: string;
  question: string;
  options: PollOption[];
  keptOption: string;
  /** Participant id → option id. */
  answers: ReadonlyMap<string, string>;
}

export interface ExportFollowUp {
  earlier: { code: string; title: string | null; startedAt: string | null };
  /** The privacy floor (MIN_GROUP_SIZE). */
  floor: number;
  /** Respondents of this session (who answered at least one poll) who took part in the earlier one. */
  linked: number;
  /** Respondents of this session who did not (another phone, or not there). */
  unlinked: number;
  /** The deck's poll marked `kept`; absent when it has none. */
  kept?: {
    pollId: string;
    question: string;
    /** The option that means the commitment was kept, and its label. */
    keptOption: string;
    keptLabel: string;
    /** The poll's options, in deck order. */
    options: PollOption[];
    /** Everyone who answered it, linked or not. */
    respondents: number;
    /** One per step of the earlier commitment poll, in its order. */
    steps: ExportFollowUpStep[];
  };
}

/** One step of the earlier commitment: how those linked who chose it answered the kept poll, or why not shown. */
export type ExportFollowUpStep = { step: string; label: string } & (
  | {
      shown: true;
      /** Linked participants who chose this step and answered the kept poll. */
      respondents: number;
      /** How many of them answered "kept". */
      kept: number;
      /** Every option of the kept poll with its count among them. */
      options: { id: string; label: string; count: number }[];
    }
  | { shown: false; hidden: RoleHidden }
);

/**
 * The follow-up section: `respondents` are this session's (answered at least one poll), `kept`
 * the answers to its kept poll (undefined: the deck has none).
 */
export function followUpSection(
  source: FollowUpSource,
  respondents: ReadonlySet<string>,
  kept: KeptAnswers | undefined,
  floor: number,
): ExportFollowUp {
  const stepOf = new Map(source.links.map((l) => [l.participantId, l.step]));
  const linked = [...respondents].filter((p) => stepOf.has(p)).length;
  const { earlier } = source;
  return {
    earlier: { code: earlier.code, title: earlier.title, startedAt: earlier.startedAt === null ? null : new Date(earlier.startedAt).toISOString() },
    floor,
    linked,
    unlinked: respondents.size - linked,
    ...(kept && { kept: keptSection(earlier.steps, stepOf, kept, floor) }),
  };
}

function keptSection(
  known: PollOption[],
  stepOf: ReadonlyMap<string, string | null>,
  kept: KeptAnswers,
  floor: number,
): NonNullable<ExportFollowUp['kept']> {
  // The earlier deck's steps; a step it no longer has (or a deleted session's) by its id.
  const steps = [...known];
  for (const step of stepOf.values()) {
    if (step !== null && !steps.some((s) => s.id === step)) steps.push({ id: step, label: step });
  }
  const counts = new Map(steps.map((s) => [s.id, new Map(kept.options.map((o) => [o.id, 0]))]));
  const sizes = new Map(steps.map((s) => [s.id, 0]));
  for (const [participantId, answer] of kept.answers) {
    const step = stepOf.get(participantId);
    const byOption = step == null ? undefined : counts.get(step);
    const count = byOption?.get(answer);
    if (step == null || byOption === undefined || count === undefined) continue;
    byOption.set(answer, count + 1);
    sizes.set(step, sizes.get(step)! + 1);
  }
  const hidden = hiddenRoles(
    steps.map((s) => s.id),
    (step) => sizes.get(step)!,
    kept.answers.size,
    floor,
  );
  return {
    pollId: kept.pollId,
    question: kept.question,
    keptOption: kept.keptOption,
    keptLabel: kept.options.find((o) => o.id === kept.keptOption)?.label ?? kept.keptOption,
    options: kept.options.map(({ id, label }) => ({ id, label })),
    respondents: kept.answers.size,
    steps: steps.map(({ id, label }): ExportFollowUpStep => {
      const why = hidden.get(id);
      if (why) return { step: id, label, shown: false, hidden: why };
      const byOption = counts.get(id)!;
      return {
        step: id,
        label,
        shown: true,
        respondents: sizes.get(id)!,
        kept: byOption.get(kept.keptOption) ?? 0,
        options: kept.options.map((o) => ({ id: o.id, label: o.label, count: byOption.get(o.id)! })),
      };
    }),
  };
}

/** What a follow-up session's export needs from the store: its links, and the earlier session's deck and date. Null for any other session. */
export async function followUpSource(store: Pick<Store, 'loadSession' | 'loadLinks'>, session: SessionRecord): Promise<FollowUpSource | null> {
  const code = session.followUpOf;
  if (!code) return null;
  const [earlier, links] = await Promise.all([store.loadSession(code), store.loadLinks(session.code)]);
  const record = earlier?.session;
  return {
    earlier: {
      code,
      title: record?.deck.meta.title ?? null,
      startedAt: record?.createdAt ?? null,
      steps: record ? (commitmentStepPoll(record.deck.polls)?.options ?? []) : [],
    },
    links,
  };
}
