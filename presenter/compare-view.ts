// What a poll's chart shows in place of its plain bars, for the projector's chart and the console
// alike: the split by role (K) first, then the movement view (M), then a paired poll's two
// questions side by side, then the rounds of a poll voted on again — or nothing (the plain bars).
// The split and the movement view are the session's chart view (`view` of PresenterPollState),
// shared by every presenter window: M and K ask the server for it (`presenter:view`), and each
// window shows it as far as its tally allows (a blind projector: neither).
import type { Poll, Role } from '../server/deck/types.js';
import type { ChartView, Tally } from '../server/protocol.js';
import { type FlowSize, type MovementRefusal, type MovementView, movementAfter, movementView, toggleMovement } from './movement.js';
import { pairBars } from './pair-bars.js';
import { roleSplit, type SplitRefusal, type SplitView, splitAfter, toggleSplit } from './role-split.js';
import { roundBars } from './round-bars.js';

/** Which view a chart shows (its `data-view`). */
export type ShownView = 'split' | 'movement' | 'pair' | 'rounds' | 'round';

/** What a window shows of the shared chart view with the tally it has (blind: neither the movement view nor the split). */
export function shownViews(view: ChartView, tally: Tally): { movement: MovementView; split: SplitView } {
  return {
    movement: movementAfter(view === 'movement' ? 'on' : 'off', tally),
    split: splitAfter(view === 'split' ? 'on' : 'off', tally),
  };
}

/** M: the chart view to ask the server for — the movement view, or the plain chart again — or why not (as this window sees the poll). */
export function movementRequest(view: ChartView, tally: Tally): ChartView | { refused: MovementRefusal } {
  const next = toggleMovement(shownViews(view, tally).movement, tally);
  if ('refused' in next) return next;
  return next.view === 'on' ? 'movement' : 'normal';
}

/** K: the chart view to ask the server for — the split by role, or the plain chart again — or why not. */
export function splitRequest(view: ChartView, poll: Poll, tally: Tally, roles: Role[] | undefined): ChartView | { refused: SplitRefusal } {
  const next = toggleSplit(shownViews(view, tally).split, poll, tally, roles);
  if ('refused' in next) return next;
  return next.view === 'on' ? 'split' : 'normal';
}

export interface CompareState {
  split: SplitView;
  movement: MovementView;
  roles: Role[] | undefined;
  /** The movement flow's size (the projector's by default). */
  flow?: FlowSize;
}

/** The view in place of the plain bars, and its name; `el` null: the plain bars. */
export function compareView(poll: Poll, tally: Tally, state: CompareState): { name: ShownView; el: HTMLElement | null } {
  if (state.split === 'on' && state.roles?.length && !tally.blind) return { name: 'split', el: roleSplit(poll, tally, state.roles) };
  const moved = state.movement === 'on' ? movementView(poll, tally, state.flow) : null;
  if (moved) return { name: 'movement', el: moved };
  const pair = pairBars(poll, tally);
  if (pair) return { name: 'pair', el: pair };
  const rounds = roundBars(poll, tally);
  return rounds ? { name: 'rounds', el: rounds } : { name: 'round', el: null };
}
