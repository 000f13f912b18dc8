// What a kind of poll decides in the exports, one module per kind (kinds.ts lists them): the
// fields of its own in the export model, its rows in the spreadsheets' summary, and how the
// report describes and draws it. The formats ask a poll's kind rather than test its type.
import type { Poll } from '../../deck/types.js';
import type { Tally } from '../../protocol.js';
import type { Cell, ExportOption, ExportPoll, ExportRoleGroup, ExportRound } from '../types.js';

/** One row of the summary: an option's, a word's or a question's (`more`: the kind's further columns). */
export type SummaryRow = (
  optionId: string,
  label: string,
  count: number | null,
  percent: number | null,
  more?: Record<string, Cell>,
) => Record<string, Cell>;

/** A role shown on its own in a split by role. */
export type ShownGroup = Extract<ExportRoleGroup, { shown: true }>;

export interface ExportKind<P extends Poll = Poll> {
  // The export model (model.ts), option polls: what the kind adds to the frame's counts.
  /** The poll's own fields, from the deck's poll and its last round (a rating's range and mean). */
  fields?(poll: P, last: ExportRound): Partial<ExportPoll>;
  /** A round's or a role's own figures, from its tally (a rating's mean). */
  figures?(tally: Pick<Tally, 'mean'>): Pick<ExportRound, 'mean'>;
  /** An option's own figures, from a tally (a ranking's average position, a paired poll's counts per question). */
  option?(optionId: string, tally: Pick<Tally, 'respondents' | 'positions' | 'asked'>): Pick<ExportOption, 'averagePosition' | 'asked'>;
  /** A vote as responses of their own, `asked` naming each (a paired poll: one per question); else one response. */
  responses?(poll: P, optionIds: readonly string[]): { asked: string; optionIds: string[] }[];

  /** The spreadsheets' summary (rows.ts): a round's rows, for its `options` counted (the round's, or one role's). */
  summaryRows(poll: ExportPoll, round: ExportRound, options: ExportOption[], row: SummaryRow): Record<string, Cell>[];

  // The HTML report (report.ts): each string is HTML, every deck or participant text in it escaped.
  /** What kind of poll it is, after its slide number: "one answer", "rating 1 to 5"… */
  description(poll: ExportPoll): string;
  /**
   * A line of the kind's own figures under the rates (a rating's mean): for `codes`, the sessions
   * compared, and `versions`, their polls; for one session's poll voted on again, round by round.
   */
  figuresLine?(poll: ExportPoll, versions: (ExportPoll | undefined)[], codes: string[]): string;
  /** What a respondent did, in the line of rates ("12 of 20 answered"). */
  responded: 'answered' | 'asked';
  /** Whether several sessions' polls compare as one bar chart (a bar per session); else a block each. */
  comparesAsChart: boolean;
  /** The poll of one round in detail. */
  detail(poll: ExportPoll): string;
  /** A poll voted on again: its rounds in detail, and how the room moved between them. */
  rounds(poll: ExportPoll, rounds: ExportRound[]): string;
  /** A deck with roles, option polls: the kind's cells in a round's table by role. */
  byRole?: RoleCells;
}

export interface RoleCells {
  /** An option's cell in a shown role's row (`at`: the attributes naming the role and the option). */
  cell(poll: ExportPoll, option: ExportOption, at: string): string;
  /** A column after the options: its heading, and a shown role's cell. */
  column?: { head: string; cell(group: ShownGroup): string };
}
