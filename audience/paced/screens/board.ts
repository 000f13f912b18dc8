// A Q&A poll's board on a self-paced slide: the questions others asked before (the live page's
// board, screens/qa-board.ts), to read and upvote, as it was last asked for (audience:board).
import { qaBoard } from '../../screens/qa-board.js';
import type { PacedDispatch } from '../messages.js';
import type { PacedModel } from '../model.js';

/** `open`: upvotes are taken now (the session is open, the poll too, and this is no Phone view). */
export function boardOf(m: PacedModel, pollId: string, open: boolean, dispatch: PacedDispatch): HTMLElement {
  const mine = m.answers.get(pollId);
  return qaBoard({
    questions: m.boards.get(pollId) ?? [],
    own: new Set((mine?.entries ?? []).map((e) => e.id)),
    upvoted: new Set(mine?.upvoted ?? []),
    busy: m.upvoting,
    open,
    upvote: (entryId, up) => dispatch({ type: 'upvoteTapped', entryId, up }),
  });
}
