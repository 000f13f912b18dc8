// The self-paced phone page's one state (the model of model/update/view), and questions asked of
// it. update.ts is the only place that makes a new one; the screens (view.ts, screens/) read it.
import type { AudiencePollFields, AudienceResults, AudienceState, BoardEntry, MyAnswer, PhoneSlide, SelfPacedDeck } from '../../server/protocol.js';
import { nextSlide } from './nav.js';

/** Where this phone is in the deck, kept in its storage so that a reload comes back to it. */
export interface Place {
  at: number;
  /** The slides walked before, for Previous. */
  back: readonly number[];
}

/** What the status line says, for which poll: worded when drawn (`refused`: the server's own words). */
export type PacedStatus = { pollId: string; kind: 'sending' | 'recorded' | 'notSent' } | { pollId: string; kind: 'refused'; message: string };

/** The answer being put together for the poll `pollId`: picked options (multi, rank order, paired) and typed text. */
export interface Draft {
  pollId: string;
  picked: readonly string[];
  typed: string;
}

export interface PacedModel {
  /** The session's code (the join link's). */
  code: string;
  /** The presenter's Phone view (`?watch`): it shows what phones show, is no participant and answers nothing. */
  watching: boolean;
  /** The session's state as the server last sent it. */
  state: AudienceState;
  /** The slides and polls (`audience:slides`), once they came. */
  deck: SelfPacedDeck | null;
  place: Place;
  /** This participant's recorded answers, by poll id. */
  answers: ReadonlyMap<string, MyAnswer>;
  /** The results of the polls answered (when the deck shows them), by poll id. */
  results: ReadonlyMap<string, AudienceResults>;
  /** The boards of the Q&A polls looked at (`audience:board`), by poll id. */
  boards: ReadonlyMap<string, readonly BoardEntry[]>;
  /** Upvotes on their way (entry ids). */
  upvoting: ReadonlySet<string>;
  status: PacedStatus | null;
  draft: Draft;
  connected: boolean;
  /** The first connection is not a reconnection: the banner waits for a connection lost. */
  everConnected: boolean;
}

export function initialModel(first: AudienceState, place: Place, watching: boolean): PacedModel {
  return {
    code: first.code,
    watching,
    state: first,
    deck: null,
    place,
    answers: new Map(),
    results: new Map(),
    boards: new Map(),
    upvoting: new Set(),
    status: null,
    draft: { pollId: '', picked: [], typed: '' },
    connected: false,
    everConnected: false,
  };
}

/** The slide on screen, once the deck is there. */
export const currentSlide = (m: PacedModel): PhoneSlide | undefined => m.deck?.slides[m.place.at];

/** The poll on the slide on screen, if it has one. */
export function currentPoll(m: PacedModel): AudiencePollFields | undefined {
  const id = currentSlide(m)?.pollId;
  return id === undefined ? undefined : m.deck?.polls.find((p) => p.id === id);
}

/** Whether the presenter closed the poll `pollId` from the console (every poll opens with the session). */
export const pollClosed = (m: PacedModel, pollId: string): boolean => m.state.selfPaced?.closed.includes(pollId) ?? false;

/**
 * Where Next goes from the slide on screen (null: nowhere): a participant's own path (nav.ts); the
 * Phone view, which answers nothing, every slide in deck order, each branch included.
 */
export function nextOf(m: PacedModel): number | null {
  if (!m.deck) return null;
  if (m.watching) return m.place.at + 1 < m.deck.slides.length ? m.place.at + 1 : null;
  return nextSlide(m.deck, m.place.at, (id) => m.answers.get(id)?.optionIds);
}

/** A multi poll: the options ticked (the draft, else the recorded answer). */
export function ticked(m: PacedModel, poll: AudiencePollFields): Set<string> {
  const picked = m.draft.pollId === poll.id ? m.draft.picked : [];
  return new Set(picked.length ? picked : (m.answers.get(poll.id)?.optionIds ?? []));
}

/** A rank poll: the order put together (the draft, else the recorded order). */
export function rankOrder(m: PacedModel, poll: AudiencePollFields): readonly string[] {
  const picked = m.draft.pollId === poll.id ? m.draft.picked : [];
  return picked.length ? picked : (m.answers.get(poll.id)?.optionIds ?? []);
}

/** A paired poll: the option picked for each question ('' for none yet), the draft's else the recorded one. */
export function pairPicks(m: PacedModel, poll: AudiencePollFields): string[] {
  const picked = m.draft.pollId === poll.id ? m.draft.picked : [];
  const mine = m.answers.get(poll.id);
  return (poll.type === 'single' ? (poll.ask ?? []) : []).map((_, i) => picked[i] ?? mine?.optionIds[i] ?? '');
}
