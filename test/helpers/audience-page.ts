// The phone page's update (audience/update.ts) driven on its own, with no browser, socket or
// clock: the polls and room states it is shown, and the steps from an opened page to a joined one.
import type { Action } from '../../audience/actions.js';
import type { Command } from '../../audience/commands.js';
import { initialPageState, type PageState } from '../../audience/state.js';
import { update } from '../../audience/update.js';
import type { AudiencePoll, AudienceState, JoinResult, MySession } from '../../server/protocol.js';

/** The join code of the session these pages join. */
export const CODE = 'ABCDE';

/** An open single-choice poll "respond" in its first round (Talk to them / Wait and see); `over` changes any field. */
export function audiencePoll(over: Partial<AudiencePoll> = {}): AudiencePoll {
  return {
    id: 'respond',
    type: 'single',
    question: 'How should you respond?',
    options: [
      { id: 'talk', label: 'Talk to them' },
      { id: 'wait', label: 'Wait and see' },
    ],
    status: 'open',
    revealed: false,
    round: 1,
    ...over,
  } as AudiencePoll;
}

/** The room of a running session "Workshop" on slide 2 ("Case") showing `poll`; `over` changes any field. */
export function audienceState(poll: AudiencePoll | null, over: Partial<AudienceState> = {}): AudienceState {
  return { code: CODE, deckTitle: 'Workshop', slide: { position: { h: 1, v: 0 }, number: '2', title: 'Case' }, poll, ended: false, ...over };
}

/** Folds `actions` over `state`, collecting every command. */
export function play(state: PageState, ...actions: Action[]): { state: PageState; commands: Command[] } {
  const commands: Command[] = [];
  for (const action of actions) {
    const step = update(state, action);
    state = step.state;
    commands.push(...step.commands);
  }
  return { state, commands };
}

/** The last join request among `commands`, answered with `data`: the state and commands of that answer. */
export function answerJoin(state: PageState, commands: Command[], data: JoinResult): { state: PageState; commands: Command[] } {
  const join = [...commands].reverse().find((c) => c.type === 'join');
  if (join?.type !== 'join') throw new Error('no join request');
  return play(state, { type: 'joined', seq: join.seq, conn: join.conn, code: CODE, data });
}

/**
 * A page opened on the join link (`watching`: a watcher's; `mine`: with My session kept on the
 * phone), connected and joined with `data`: the state and commands of the join's answer.
 */
export function openAndJoin(
  data: JoinResult,
  opened: { watching?: boolean; mine?: MySession | undefined } = {},
): { state: PageState; commands: Command[] } {
  const { state, commands } = play(
    initialPageState(opened.watching ?? false),
    { type: 'pageOpened', linkCode: CODE, preview: null, ...(opened.mine && { mine: opened.mine }) },
    { type: 'connected' },
  );
  return answerJoin(state, commands, data);
}

/** The options of every vote sent among `commands`, in order. */
export const sentVotes = (commands: Command[]): string[][] => commands.flatMap((c) => (c.type === 'vote' ? [[...c.vote.optionIds]] : []));
