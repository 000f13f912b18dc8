// The free-text side of a poll: the answers of a `text` poll or the questions of a `qa` board in
// the current round, with their moderation state and upvotes. Plain TypeScript, no I/O.
import type { EntryPoll, TextSpec } from '../deck/types.js';
import type { AudienceResults, BoardEntry, Entry, EntryStatus, ModerateAction, MyEntry, Tally } from '../protocol.js';
import { BOARD_SIZE, boardOrder } from '../protocol.js';
import { ProtocolFailure } from './failure.js';
import { entryKindOf } from './kinds.js';
import type { EntryKind } from './kinds/kind.js';

/** An entry as stored: the presenter's view of it plus who wrote it. */
export interface EntryData {
  id: string;
  participantId: string;
  text: string;
  createdAt: number;
  status: EntryStatus;
  /** When the presenter marked a question answered; null if not. */
  answeredAt: number | null;
}

export interface Upvote {
  entryId: string;
  participantId: string;
}

export class EntryBoard {
  /** Insertion order is the order entries were sent. */
  private readonly entries = new Map<string, EntryData>();
  private readonly upvoters = new Map<string, Set<string>>();
  private readonly byParticipant = new Map<string, EntryData[]>();
  private readonly spec: TextSpec;
  private readonly kind: EntryKind;

  constructor(poll: EntryPoll) {
    this.spec = poll.text;
    this.kind = entryKindOf(poll);
  }

  /** Rebuilds a board from stored entries and upvotes of the current round. */
  static restore(poll: EntryPoll, entries: Iterable<EntryData>, upvotes: Iterable<Upvote>): EntryBoard {
    const board = new EntryBoard(poll);
    for (const entry of [...entries].sort((a, b) => a.createdAt - b.createdAt)) board.put({ ...entry });
    for (const { entryId, participantId } of upvotes) board.upvoters.get(entryId)?.add(participantId);
    return board;
  }

  /** Checks and cleans an answer; throws a ProtocolFailure the phone can show as it is. */
  check(participantId: string, raw: string): string {
    const text = normaliseText(raw);
    if (text === '') throw new ProtocolFailure('invalid_vote', 'Type an answer first.');
    const length = [...text].length;
    if (length > this.spec.length) {
      throw new ProtocolFailure('invalid_vote', `Your answer is ${length} characters long; the limit here is ${this.spec.length}.`);
    }
    const sent = this.byParticipant.get(participantId) ?? [];
    if (sent.length >= this.spec.answers) {
      const most = this.spec.answers === 1 ? 'one answer' : `${this.spec.answers} answers`;
      throw new ProtocolFailure('invalid_vote', `You can send ${most} here, and you have.`);
    }
    if (sent.some((e) => e.text.toLowerCase() === text.toLowerCase())) {
      throw new ProtocolFailure('invalid_vote', 'You already sent that.');
    }
    return text;
  }

  /** A stored entry (this process's or another's): added, or its status and answered time taken over. */
  adopt(entry: EntryData): void {
    const known = this.entries.get(entry.id);
    if (known) Object.assign(known, entry);
    else this.put({ ...entry });
  }

  /** Records a stored upvote (or takes it back); false when the entry is unknown or nothing changed. */
  adoptUpvote(entryId: string, participantId: string, up: boolean): boolean {
    const voters = this.upvoters.get(entryId);
    if (!voters || voters.has(participantId) === up) return false;
    if (up) voters.add(participantId);
    else voters.delete(participantId);
    return true;
  }

  /**
   * Q&A: the entries are questions on a board every phone sees and upvotes, and the presenter
   * marks them answered.
   */
  get isPublic(): boolean {
    return this.kind.board;
  }

  /** The entry as a presenter action would leave it (a copy: the board changes when it is adopted), and whether anything changes. */
  decideModeration(entryId: string, action: ModerateAction, now: number): { entry: EntryData; changed: boolean } {
    const entry = { ...this.require(entryId) };
    if ((action === 'answered' || action === 'unanswered') && !this.isPublic) {
      throw new ProtocolFailure('bad_request', 'Only Q&A questions can be marked answered.');
    }
    const before = `${entry.status}/${entry.answeredAt}`;
    if (action === 'hide') entry.status = 'hidden';
    else if (action === 'show') entry.status = 'shown';
    else if (action === 'answered') entry.answeredAt ??= now;
    else entry.answeredAt = null;
    return { entry, changed: `${entry.status}/${entry.answeredAt}` !== before };
  }

  /** Checks an upvote (one per participant per question, on questions of the board only) and says whether it changes anything. */
  decideUpvote(participantId: string, entryId: string, up: boolean): boolean {
    const entry = this.entries.get(entryId);
    if (entry?.status !== 'shown') {
      throw new ProtocolFailure('invalid_vote', 'That question is no longer on the board.');
    }
    if (entry.participantId === participantId) throw new ProtocolFailure('invalid_vote', 'You cannot upvote your own question.');
    return (this.upvoters.get(entryId)?.has(participantId) ?? false) !== up;
  }

  /** What the board holds, as `restore` takes it back. */
  data(): { entries: EntryData[]; upvotes: Upvote[] } {
    const upvotes = [...this.upvoters].flatMap(([entryId, voters]) => [...voters].map((participantId) => ({ entryId, participantId })));
    return { entries: [...this.entries.values()].map((e) => ({ ...e })), upvotes };
  }

  /** An entry as the presenter sees it, if the board has it. */
  viewOf(entryId: string): Entry | undefined {
    const entry = this.entries.get(entryId);
    return entry && this.view(entry);
  }

  /** Respondents are the participants who sent at least one entry; every entry counts, hidden and held ones too. */
  tally(pollId: string): Tally {
    return { pollId, counts: {}, respondents: this.byParticipant.size, entries: this.entries.size };
  }

  /** What phones see of the revealed poll besides its tally (an open-text poll's word cloud). */
  revealed(): Pick<AudienceResults, 'words'> {
    return this.kind.revealed(this.shownTexts());
  }

  /** Every entry as the presenter sees it, oldest first. */
  all(): Entry[] {
    return [...this.entries.values()].map((e) => this.view(e));
  }

  view(entry: EntryData): Entry {
    return {
      id: entry.id,
      text: entry.text,
      createdAt: entry.createdAt,
      status: entry.status,
      answered: entry.answeredAt !== null,
      votes: this.upvoters.get(entry.id)?.size ?? 0,
    };
  }

  /** Texts shown on screen (not hidden, not held). */
  private shownTexts(): string[] {
    return [...this.entries.values()].filter((e) => e.status === 'shown').map((e) => e.text);
  }

  /** The Q&A board every participant sees: shown questions, most upvoted first, then oldest first. */
  board(): BoardEntry[] {
    return [...this.entries.values()]
      .filter((e) => e.status === 'shown')
      .map((e) => this.view(e))
      .sort(boardOrder)
      .slice(0, BOARD_SIZE)
      .map(({ id, text, answered, votes }) => ({ id, text, answered, votes }));
  }

  entriesOf(participantId: string): MyEntry[] {
    return (this.byParticipant.get(participantId) ?? []).map(({ id, text, status }) => ({ id, text, status }));
  }

  upvotedBy(participantId: string): string[] {
    return [...this.upvoters].filter(([, voters]) => voters.has(participantId)).map(([id]) => id);
  }

  private put(entry: EntryData): void {
    this.entries.set(entry.id, entry);
    this.upvoters.set(entry.id, new Set());
    const mine = this.byParticipant.get(entry.participantId) ?? [];
    mine.push(entry);
    this.byParticipant.set(entry.participantId, mine);
  }

  private require(entryId: string): EntryData {
    const entry = this.entries.get(entryId);
    if (!entry) throw new ProtocolFailure('not_found', `This poll has no answer "${entryId}".`);
    return entry;
  }
}

/**
 * One line of plain text: well-formed Unicode, control characters dropped, runs of white space
 * made one space.
 */
export function normaliseText(raw: string): string {
  // A lone surrogate (half of an emoji, from a buggy client) becomes U+FFFD now, as UTF-8 files
  // (CSV, the report) would show it anyway: what is stored, shown and exported is then the same.
  // Bidi overrides and zero-width characters could disguise text; the joiner inside emoji stays.
  return (
    raw
      .toWellFormed()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: taking control characters out is the point.
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
