// What the poll screens are handed (model.ts), worked out from the page's state: which options
// show as chosen, the status line, the rank order, the text box and the participant's entries.
import { isTextPoll } from '../server/deck/types.js';
import type { AudiencePoll } from '../server/protocol.js';
import { BOARD_SIZE } from '../server/protocol.js';
import type { EarlierModel, OffBoardEntry, PollModel, RankModel, TextModel, TextPollModel, VoteStatus } from './model.js';
import {
  answerFor,
  earlierFor,
  isFor,
  isPaired,
  type PageState,
  type PendingVote,
  pendingFor,
  recordedFor,
  statusFor,
  unreachable,
} from './state.js';

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameOrder(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pendingStatus(s: PageState, pend: PendingVote): VoteStatus {
  const notSent = pend.failed || (!pend.inFlight && unreachable(s));
  return notSent ? { kind: 'pending', text: { key: 'notSent' } } : { kind: 'sending', text: { key: 'sending' } };
}

function rankModel(s: PageState, poll: AudiencePoll, pend: PendingVote | null): { rank: RankModel; status: VoteStatus | null } {
  const recorded = answerFor(s, poll)?.optionIds ?? null;
  const open = poll.status === 'open';
  const order = open ? (isFor(s.rankDraft, poll) ? (s.rankDraft?.ids ?? []) : []) : (recorded ?? []);
  let st: VoteStatus | null = statusFor(s, poll);
  if (pend && (!st || st.kind === 'ok')) st = pendingStatus(s, pend);
  if (!st && recorded) st = { kind: 'ok', text: { key: 'orderRecorded' } };
  if (open && !pend && (!st || st.kind === 'ok' || st.kind === 'info')) {
    if (order.length === poll.options.length && !(recorded && sameOrder(order, recorded))) {
      st = { kind: 'info', text: { key: recorded ? 'orderUnsubmitted' : 'allPlaced' } };
    } else if (order.length < poll.options.length && recorded) {
      st = { kind: 'info', text: { key: 'earlierOrder' } };
    }
  }
  return { rank: { order, recorded }, status: st };
}

function textModel(s: PageState, poll: TextPollModel['poll']): TextModel {
  const a = answerFor(s, poll);
  const entries = a?.entries ?? [];
  const upvoted = new Set(a?.upvoted ?? []);
  for (const [id, up] of s.upvoting) {
    if (up) upvoted.add(id);
    else upvoted.delete(id);
  }
  const offBoard: OffBoardEntry[] = [];
  if (poll.type === 'qa') {
    const onBoard = new Set((poll.board ?? []).map((q) => q.id));
    const seen = isFor(s.seenOnBoard, poll) ? (s.seenOnBoard?.ids ?? new Set<string>()) : new Set<string>();
    for (const entry of entries) {
      if (onBoard.has(entry.id)) continue;
      if (entry.status === 'held' || entry.status === 'hidden') offBoard.push({ entry, status: entry.status });
      // Shown when sent but gone from the board since (and not crowded out of a full board): hidden.
      else if (seen.has(entry.id) && (poll.board?.length ?? 0) < BOARD_SIZE) offBoard.push({ entry, status: 'hidden' });
    }
  }
  const d = s.textDrafts.get(poll.id);
  return {
    draft: d && d.round === poll.round ? d.text : '',
    sending: isFor(s.sending, poll),
    entries,
    upvoted,
    upvoting: new Set(s.upvoting.keys()),
    offBoard,
  };
}

function earlierModel(s: PageState, poll: AudiencePoll): EarlierModel | null {
  const ids = earlierFor(s, poll)?.optionIds;
  if (!ids?.length) return null;
  const keep = poll.status === 'open' && !answerFor(s, poll) && !pendingFor(s, poll);
  return { optionIds: ids, first: poll.keptRounds === 1, keep };
}

export function pollModel(s: PageState, poll: AudiencePoll): PollModel {
  if (isTextPoll(poll)) {
    return { form: 'typed', poll, recorded: null, selected: new Set(), status: statusFor(s, poll), earlier: null, text: textModel(s, poll) };
  }
  const earlier = earlierModel(s, poll);
  if (poll.type === 'rank') {
    const { rank, status } = rankModel(s, poll, pendingFor(s, poll));
    return { form: 'order', poll, recorded: rank.recorded && new Set(rank.recorded), selected: new Set(rank.order), status, earlier, rank };
  }
  const pend = pendingFor(s, poll);
  if (isPaired(poll)) {
    const answer = answerFor(s, poll)?.optionIds ?? null;
    const draft = poll.status === 'open' && isFor(s.pairDraft, poll) ? s.pairDraft?.ids : null;
    const picked = draft ?? poll.ask.map((_, i) => answer?.[i] ?? null);
    const changed = !!draft && !!answer && !sameOrder(draft, answer);
    const recorded = answer && new Set(answer);
    return { form: 'pair', poll, recorded, selected: new Set(), status: choiceStatus(s, poll, pend, recorded, changed), earlier, picked, answer };
  }
  const recorded = recordedFor(s, poll);
  let selected: ReadonlySet<string>;
  if (poll.status !== 'open') selected = recorded ?? new Set();
  else if (poll.type === 'multi') selected = isFor(s.draft, poll) ? (s.draft?.ids ?? new Set()) : new Set();
  else selected = new Set(pend?.optionIds ?? recorded ?? []);

  const changed = poll.type === 'multi' && !!recorded && !sameSet(selected, recorded);
  return { form: 'choice', poll, recorded, selected, status: choiceStatus(s, poll, pend, recorded, changed), earlier };
}

/** The status line of a choice or paired poll; `changed`: the draft (multi, paired) differs from the recorded answer. */
function choiceStatus(s: PageState, poll: AudiencePoll, pend: PendingVote | null, recorded: unknown, changed: boolean): VoteStatus | null {
  let st: VoteStatus | null = statusFor(s, poll);
  // A vote still waiting for the server shows as such, whatever the last message was.
  if (pend && (!st || st.kind === 'ok')) st = pendingStatus(s, pend);
  if (!st && recorded) st = { kind: 'ok', text: { key: 'recorded' } };
  if (poll.status === 'open' && !pend && changed && (!st || st.kind === 'ok')) st = { kind: 'info', text: { key: 'unsubmitted' } };
  return st;
}
