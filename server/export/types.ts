// The shapes of a poll in the exports, which the JSON export writes as they are and every other
// format (the spreadsheets' rows, the HTML report) and every kind of poll (kinds/) reads: apart
// from the session's export (model.ts), so that the kinds can read them while the model asks the kinds.
import type { PollAsk, PollOption, PollType, ScaleSpec, TextSpec } from '../deck/types.js';
import type { EntryStatus, PollStatus, RoleHidden, WordCount } from '../protocol.js';

export interface ExportOption extends PollOption {
  /** Participants who chose it; for `rank` polls, who put it first. */
  count: number;
  /** Share of respondents who chose it (rank: put it first), 0–100, rounded to one decimal. */
  percent: number;
  /** `rank` polls only: average position (1 = first), two decimals; null with no answers. */
  averagePosition?: number | null;
  /**
   * Paired polls (`ask`): the option's count and percent for each question, by ask id
   * (`{ should: { count: 4, percent: 80 }, would: … }`); `count` and `percent` above are the first question's.
   */
  asked?: Record<string, { count: number; percent: number }>;
}

/**
 * A poll's counts per role (a deck with `roles`), under the privacy floor: a role held by fewer
 * than `floor` of the round's respondents is never shown on its own, and while the respondents
 * not shown (smaller roles, "Prefer not to say", no role) would be fewer than `floor` but some,
 * the smallest role shown is left out too. The answers of a role not shown count in the total only.
 */
export interface ExportRoleSplit {
  /** The smallest group shown on its own (MIN_GROUP_SIZE): "fewer than 5". */
  floor: number;
  /** Every role of the deck, in its order. */
  groups: ExportRoleGroup[];
}

/** One role of a split: shown on its own with its figures, or not shown and why. */
export type ExportRoleGroup = {
  /** The role's id and label (the deck's `roles`). */
  role: string;
  label: string;
} & (
  | {
      shown: true;
      /** The group's respondents and counts, as the poll's own. */
      respondents: number;
      options: ExportOption[];
      mean?: number | null;
      gap?: number;
    }
  | {
      /** Not shown on its own: no figures. */
      shown: false;
      /**
       * Why: `small`, fewer than `floor` ("fewer than 5"); `complement`, `floor` or more, left out
       * so that the rest is not a small group ("hidden to protect a group under 5").
       */
      hidden: RoleHidden;
    }
);

/** One open-text answer (`text`) or audience question (`qa`), as the participant sent it. */
export interface ExportEntry {
  id: string;
  /** The round it was sent in, as shown: 1, 2, … (see `ExportPoll.rounds`). */
  round: number;
  /** The sender's pseudonym in this poll (`E` and 10 characters), never the same as any of the export's votes. */
  participant: string;
  /**
   * A deck with `roles`: the sender's role (its label); '' for none, "Prefer not to say", or a
   * role held by fewer than the floor of the round's senders.
   */
  role?: string;
  text: string;
  sentAt: string;
  /** `shown`; `hidden` by the presenter; `held` by the word filter and never approved. */
  status: EntryStatus;
  /** `qa` only: upvotes (one per participant). */
  votes?: number;
  /** `qa` only: when the presenter marked it answered (null if not). */
  answeredAt?: string | null;
}

export interface ExportPoll {
  id: string;
  type: PollType;
  question: string;
  /** The slide number as the presenter shows it, e.g. "5.1". */
  slide: string;
  /** The slide's heading, e.g. "Dr. X's response A" ('' if it has none). */
  slideTitle: string;
  status: PollStatus;
  revealed: boolean;
  /**
   * The current round's stored number: 1, plus one per reset and per vote again (a reset round is
   * erased and never exported; rounds as shown are numbered 1…`rounds`).
   */
  round: number;
  /** Rounds shown: 1, plus one per vote again. The poll's counts below are the last one's. */
  rounds: number;
  /** Polls voted on again (`rounds` ≥ 2): each shown round's results, oldest first, the last one included. */
  roundResults?: ExportRound[];
  /** Paired polls: the two questions over the same options, in order (their ids key `asked`). */
  ask?: PollAsk[];
  /** Paired polls: respondents who answered the two questions differently (the last round's). */
  gap?: number;
  /** A deck with `roles`, option polls: the last round's counts per role (see ExportRoleSplit). */
  byRole?: ExportRoleSplit;
  limit?: number;
  /** `scale` polls: the range and end labels, and the average rating (null with no answers). */
  scale?: ScaleSpec;
  mean?: number | null;
  /** `text` and `qa` polls: answer length and count limits. */
  text?: TextSpec;
  /**
   * `text` and `qa` polls: every entry of every shown round, hidden and held ones included, round
   * by round; within a round, text: oldest first; qa: unanswered before answered, then most votes
   * first, then oldest.
   */
  entries?: ExportEntry[];
  /** `text` polls: the word cloud of the last round's shown answers, [word, answers using it], most used first. */
  words?: WordCount[];
  openedAt: string | null;
  closedAt: string | null;
  /** Participants connected when the poll was last closed (null if it never closed). */
  participantsAtClose: number | null;
  /** Participants who answered (text / qa: who sent at least one entry). */
  respondents: number;
  /** In deck order; empty for `text` and `qa`. */
  options: ExportOption[];
}

/** One shown round of a poll voted on again. */
export interface ExportRound {
  /** As shown: 1, 2, … */
  round: number;
  /** Participants who answered in this round (text / qa: who sent at least one entry). */
  respondents: number;
  /** The options' counts in this round, in deck order (percent of this round's respondents); empty for `text` and `qa`. */
  options: ExportOption[];
  /** `scale` polls: the round's average rating (null with no answers). */
  mean?: number | null;
  /** Paired polls: the round's respondents who answered the two questions differently. */
  gap?: number;
  /** A deck with `roles`, option polls: the round's counts per role. */
  byRole?: ExportRoleSplit;
  /** `text` and `qa` polls: entries sent in this round, hidden and held ones included. */
  entries?: number;
  /** `text` polls: the round's word cloud, as `ExportPoll.words`. */
  words?: WordCount[];
  /** Option polls, rounds after the first: participants who answered both this round and the one before. */
  answeredBoth?: number;
  /** Of those, how many gave a different answer this round ("9 of 24 changed their answer"). */
  changed?: number;
  /**
   * `single` and `yesno` polls, rounds after the first: `flows[from][to]`, how many of those who
   * answered both chose option `from` in the round before and `to` in this one (every option present, 0 included).
   */
  flows?: Record<string, Record<string, number>>;
}

export interface ExportResponse {
  pollId: string;
  /** The round as shown: 1, 2, … (a poll voted on again has a response per participant per round). */
  round: number;
  /**
   * Never the stored id. By default one per participant per poll (`V` and 10 characters: the same
   * in every round of the poll and in every export of the session, another in each other poll);
   * in the linked export one per participant in the whole session (P01, P02 … in order of first answer).
   */
  participant: string;
  /**
   * A deck with `roles`: the participant's role (its label); '' for none, "Prefer not to say", or
   * a role held by fewer than the floor of the round's respondents (the linked export: the marker).
   */
  role?: string;
  /** Paired polls: which question this row answers (the ask's id, e.g. `should`); one row per question. */
  asked?: string;
  optionIds: string[];
  labels: string[];
  /** Absent in the linked export (with `changes`): a time tells people apart by itself. */
  answeredAt?: string;
  changes?: number;
}

/** A cell of a spreadsheet's table (CSV and XLSX share the tables). */
export type Cell = string | number | Date | null;
