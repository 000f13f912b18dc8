// What a poll's chart shows in place of its plain bars, for the projector's chart and the console
// alike: the split by role (K) first, then the movement view (M), then a paired poll's two
// questions side by side, then the rounds of a poll voted on again — or nothing (the plain bars).
import type { Poll, Role } from '../server/deck/types.js';
import type { Tally } from '../server/protocol.js';
import { type FlowSize, type MovementView, movementView } from './movement.js';
import { pairBars } from './pair-bars.js';
import { roleSplit, type SplitView } from './role-split.js';
import { roundBars } from './round-bars.js';

/** Which view a chart shows (its `data-view`). */
export type ChartView = 'split' | 'movement' | 'pair' | 'rounds' | 'round';

export interface CompareState {
  split: SplitView;
  movement: MovementView;
  roles: Role[] | undefined;
  /** The movement flow's size (the projector's by default). */
  flow?: FlowSize;
}

/** The view in place of the plain bars, and its name; `el` null: the plain bars. */
export function compareView(poll: Poll, tally: Tally, state: CompareState): { name: ChartView; el: HTMLElement | null } {
  if (state.split === 'on' && state.roles?.length && !tally.blind) return { name: 'split', el: roleSplit(poll, tally, state.roles) };
  const moved = state.movement === 'on' ? movementView(poll, tally, state.flow) : null;
  if (moved) return { name: 'movement', el: moved };
  const pair = pairBars(poll, tally);
  if (pair) return { name: 'pair', el: pair };
  const rounds = roundBars(poll, tally);
  return rounds ? { name: 'rounds', el: rounds } : { name: 'round', el: null };
}
