// What the poll keys mean, shared by the projector window and the console: toggles turned into
// the server's actions, the double X of a reset, vote again (V), the movement view's refusals (M)
// and the branch keys (G, Shift+G, 1–9).
import type { Deck, Poll, SlidePosition } from '../server/deck/types.js';
import type { PollAction, PresenterPollState } from '../server/protocol.js';
import { forkView } from './branch-map.js';
import { branchNumber, forkAt, hasBranches, mostChosen, slideName, type Branch } from './branches.js';
import type { ControlAction } from './chart.js';
import { toast } from './ui.js';

const RESET_CONFIRM_MS = 3000;

/** The action a toggle means for a poll in its current state. */
export function toggleAction(poll: PresenterPollState, action: ControlAction): PollAction {
  if (action === 'toggle-open') return poll.status === 'open' ? 'close' : 'open';
  if (action === 'toggle-reveal') return poll.revealed ? 'hide' : 'reveal';
  return action;
}

/**
 * What the room is told once a vote again went through: round n is open, blind. (No confirmation
 * before it: nothing is lost — the round just closed stays beside the new one.)
 */
export function againText(poll: PresenterPollState): string {
  return `Round ${poll.rounds} is open: the results stay hidden until you reveal them (R).`;
}

/** X resets only when pressed twice within 3 s on the same poll: a stray key press costs nothing. */
export function resetGuard(): (pollId: string, reset: () => void) => void {
  let armed: { pollId: string; until: number } | null = null;
  return (pollId, reset) => {
    if (armed?.pollId === pollId && Date.now() < armed.until) {
      armed = null;
      reset();
    } else {
      armed = { pollId, until: Date.now() + RESET_CONFIRM_MS };
      toast('Press X again to reset this poll (its answers stop counting).', RESET_CONFIRM_MS);
    }
  };
}

export interface BranchKeys {
  /** G: the most-chosen branch (a toast when nobody voted for one). */
  mostChosen(): void;
  /** 1–9: option n's branch. */
  number(n: number): void;
}

/** The branch keys for the poll on screen (`poll()`), following a branch with `follow`. */
export function branchKeys(
  poll: () => Poll | undefined,
  state: (pollId: string) => PresenterPollState | undefined,
  follow: (option: Branch, why?: string) => void,
): BranchKeys {
  const branching = (fn: (p: Poll) => void) => (): void => {
    const current = poll();
    if (!current) toast('There is no poll on this slide.');
    else if (!hasBranches(current)) toast('This poll’s options lead to no other slides.');
    else fn(current);
  };
  return {
    mostChosen: branching((p) => {
      const tally = state(p.id)?.tally;
      const best = mostChosen(p, tally);
      if (best) follow(best, ' (most chosen)');
      // The projector is not told the counts before the reveal: it cannot say which one that is.
      else if (tally?.blind && tally.respondents > 0)
        toast('The results are hidden here until you reveal them: press R first (or G in the console).');
      else toast('No votes for any branch yet: open the poll (O), or pick a branch with its number key.');
    }),
    number: (n) =>
      branching((p) => {
        const option = branchNumber(p, n);
        if (option) follow(option);
        else toast(`Option ${n} of this poll leads to no other slide.`);
      })(),
  };
}

/** What Shift+G needs of a window: where the session is, what it may see, how it moves. */
export interface NextBranchSource {
  deck(): Deck | null;
  position(): SlidePosition;
  state(pollId: string): PresenterPollState | undefined;
  /** The session's visited slide ids (the server's). */
  visited(): readonly string[];
  go(to: SlidePosition, text: string): void;
}

/**
 * Shift+G: the next branch not visited yet, most votes first (ties in option order); once every
 * branch has been visited, back to the fork's slide.
 */
export function nextBranchKey(source: NextBranchSource): () => void {
  return () => {
    const deck = source.deck();
    if (!deck) return;
    const position = source.position();
    const fork = forkAt(deck, position);
    if (!fork) {
      toast('Shift+G works on a branching poll’s slide or one of its branches.');
      return;
    }
    const state = source.state(fork.id);
    // The projector is not told the counts before the reveal: it cannot tell the vote order.
    if (state?.tally.blind && state.tally.respondents > 0) {
      toast('The results are hidden here until you reveal them: press R first (or Shift+G in the console).');
      return;
    }
    const view = forkView(deck, position, source.state, source.visited(), true);
    if (!view) return;
    if (view.next) source.go(view.next.option.goto, `${view.next.option.label} (next branch) → ${view.next.name}`);
    else if (position.h === fork.slide.h && position.v === fork.slide.v) toast('Every branch of this poll has been visited.');
    else source.go(fork.slide, `Every branch visited: back to ${slideName(deck, fork.slide)}`);
  };
}
