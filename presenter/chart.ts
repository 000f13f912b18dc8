// The live widget of one poll on its slide: the question, a body that depends on the poll type
// (bars for choices and ratings, average positions for a ranking, a word cloud for open text, a
// board for Q&A), the answer count, the poll's state and its buttons. Until its results are shown
// (revealed, or `results: live`) the projector is blind: the question, the options without bars,
// how many answered and the timer — the server sends it no counts before then. A poll voted on
// again shows its rounds side by side once its results are shown (round-bars.ts), and M switches
// to how the room moved between them (movement.ts). A paired poll (`ask`) shows its two questions'
// bars and the gap (pair-bars.ts); in a deck with roles, K splits the chart by role (role-split.ts).
// The movement view and the split are the session's chart view, shared by every presenter window:
// the chart shows the view its state says, and M and K only say which view to ask the server for.
import type { Deck, Poll, Role } from '../server/deck/types.js';
import type { ChartView, EntriesUpdate, ModerateAction, PresenterPollState, Tally } from '../server/protocol.js';
import { branchButtons, type Branch } from './branches.js';
import type { ChartBody } from './chart-body.js';
import { type ChartKind, chartKind } from './chart-kinds.js';
import { compareView, movementRequest, shownViews, splitRequest } from './compare-view.js';
import { h } from './dom.js';
import type { MovementRefusal } from './movement.js';
import { askName, asksOf } from './pair-bars.js';
import type { SplitRefusal } from './role-split.js';
import { Countdown } from './timer.js';

/** `again`: vote again — keep this round, open a new one (V). */
export type ControlAction = 'toggle-open' | 'toggle-reveal' | 'reset' | 'again';

/**
 * Fired (bubbling) by a chart whose height changed with what it shows (blind, the rounds side by
 * side, the movement view): reveal.js centres a slide once, by its height then (deck-view.ts).
 */
export const CHART_RESIZED = 'parley:chart-resized';

export interface ChartHandlers {
  control(action: ControlAction): void;
  moderate(entryId: string, action: ModerateAction): void;
  /** Go to the slide a branch option leads to. */
  branch(option: Branch): void;
}

export class PollChart {
  readonly el: HTMLElement;
  private readonly kind: ChartKind;
  private readonly body: ChartBody;
  private readonly total: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly openButton: HTMLButtonElement;
  private readonly revealButton: HTMLButtonElement;
  private readonly viewButton: HTMLButtonElement | null;
  private readonly countdown: Countdown;
  private readonly blindCount: HTMLElement;
  /** The rounds side by side, the movement view, a paired poll's questions or the split by role: shown instead of the body's bars. */
  private readonly compare = h('div', { class: 'poll-compare' });
  /** The chart view every presenter window shows (the server's): what M and K switch. */
  private view: ChartView = 'normal';
  private readonly roles: Role[] | undefined;
  private tally: Tally;
  private round = 1;
  private respondents = 0;
  private participants: number | null = null;

  constructor(
    readonly poll: Poll,
    deck: Deck,
    handlers: ChartHandlers,
  ) {
    const moderate = (entryId: string, action: ModerateAction): void => handlers.moderate(entryId, action);
    this.roles = deck.meta.roles;
    this.kind = chartKind(poll);
    this.body = this.kind.body(poll, moderate);
    this.total = h('span', { class: 'poll-total', 'data-testid': `poll-total-${poll.id}`, 'data-total': 0 }, '0 answers');
    this.badge = h('span', { class: 'poll-state', 'data-testid': `poll-state-${poll.id}` });
    this.openButton = h('button', { type: 'button', class: 'poll-button', title: 'Open or close voting (O)' });
    this.revealButton = h('button', { type: 'button', class: 'poll-button', title: 'Show or hide the results on the projector and the phones (R)' });
    const resetButton = h('button', { type: 'button', class: 'poll-button', title: 'Reset: start a new round (X X)' }, 'Reset');
    const againButton = h(
      'button',
      { type: 'button', class: 'poll-button', 'data-testid': `vote-again-${poll.id}`, title: 'Vote again: keep this round and open a new one (V)' },
      'Vote again',
    );
    againButton.addEventListener('click', () => handlers.control('again'));
    this.openButton.addEventListener('click', () => handlers.control('toggle-open'));
    this.revealButton.addEventListener('click', () => handlers.control('toggle-reveal'));
    resetButton.addEventListener('click', () => {
      if (confirm('Reset this poll? Its answers stop counting and a new round starts.')) handlers.control('reset');
    });
    const viewButton = this.body.toggleView
      ? h(
          'button',
          { type: 'button', class: 'poll-button', 'data-testid': `view-toggle-${poll.id}`, title: 'Word cloud or list of answers (L)' },
          'List',
        )
      : null;
    viewButton?.addEventListener('click', () => this.toggleView());
    this.viewButton = viewButton;
    this.countdown = new Countdown(`countdown-${poll.id}`, 'poll-countdown');
    this.blindCount = h('span', { class: 'poll-blind-count', 'data-testid': `poll-blind-count-${poll.id}` });
    const blind = h(
      'p',
      { class: 'poll-blind', 'data-testid': `poll-blind-${poll.id}`, role: 'status' },
      this.blindCount,
      h('span', { class: 'poll-blind-note' }, this.kind.blind),
    );

    this.el = h(
      'div',
      { class: `poll poll-${poll.type}`, 'data-testid': `poll-chart-${poll.id}`, 'data-poll-id': poll.id },
      h('p', { class: 'poll-question' }, poll.question, h('span', { class: 'poll-kind' }, this.kind.note(poll))),
      asksLine(poll),
      this.body.el,
      this.compare,
      blind,
      branchButtons(deck, poll, (option) => handlers.branch(option), 'branch', true),
      h(
        'div',
        { class: 'poll-footer' },
        this.badge,
        this.countdown.el,
        this.total,
        h('span', { class: 'poll-controls' }, viewButton, this.openButton, this.revealButton, againButton, resetButton),
      ),
    );
    this.tally = emptyTally(poll);
    this.setState({
      id: poll.id,
      status: 'closed',
      revealed: false,
      round: 1,
      rounds: 1,
      tally: emptyTally(poll),
      view: 'normal',
      ...(this.body.setEntries ? { entries: [] } : {}),
    });
  }

  setState(state: PresenterPollState): void {
    const open = state.status === 'open';
    this.el.dataset.status = state.status;
    this.el.dataset.revealed = String(state.revealed);
    this.el.dataset.blind = String(!state.revealed && this.poll.liveResults !== true);
    this.badge.dataset.status = state.status;
    this.badge.dataset.revealed = String(state.revealed);
    this.badge.textContent = `${open ? 'Open — voting' : 'Closed'}${state.revealed ? ' · results shown' : ''}`;
    this.openButton.textContent = open ? 'Close' : 'Open';
    this.revealButton.textContent = state.revealed ? 'Hide results' : 'Reveal';
    this.round = state.round;
    this.el.dataset.rounds = String(state.rounds);
    this.view = state.view;
    this.el.dataset.sharedView = state.view;
    this.countdown.set(open ? state.timer : undefined);
    // Blind, the projector holds no entries: those of before a hide go too.
    if (state.entries || state.tally.blind) this.body.setEntries?.(state.entries ?? [], true);
    this.setTally(state.tally);
  }

  setTally(tally: Tally): void {
    const respondents = tally.respondents;
    this.respondents = respondents;
    this.total.dataset.total = String(respondents);
    this.total.textContent = this.kind.total(this.poll, tally);
    this.body.setTally(tally);
    this.tally = tally;
    this.renderCompare();
    this.renderBlindCount();
  }

  /**
   * M: the chart view to ask the server for (the movement view on or off), or why not as shown
   * here (blind, one round). The chart changes once the server's state comes back.
   */
  movementRequest(): ChartView | { refused: MovementRefusal } {
    return movementRequest(this.view, this.tally);
  }

  /** K: the chart view to ask the server for (the split by role on or off), or why not (no roles, blind). */
  splitRequest(): ChartView | { refused: SplitRefusal } {
    return splitRequest(this.view, this.poll, this.tally, this.roles);
  }

  /**
   * What shows in place of the body's bars (which then step aside): the split by role, the movement
   * view, a paired poll's two questions, the rounds side by side once there are two — or nothing.
   */
  private renderCompare(): void {
    const { name: shown, el: view } = compareView(this.poll, this.tally, { ...shownViews(this.view, this.tally), roles: this.roles });
    const resized = this.el.dataset.view !== shown || this.el.dataset.shownBlind !== this.el.dataset.blind;
    this.el.dataset.view = shown;
    this.el.dataset.shownBlind = this.el.dataset.blind;
    this.compare.replaceChildren(...(view ? [view] : []));
    if (resized) this.el.dispatchEvent(new Event(CHART_RESIZED, { bubbles: true }));
  }

  /** Participants connected now (null while offline): the response rate of the blind view. */
  setParticipants(participants: number | null): void {
    this.participants = participants;
    this.renderBlindCount();
  }

  /** "12 answers · 40% of the room" */
  private renderBlindCount(): void {
    const n = this.respondents;
    const answers = `${n} ${n === 1 ? 'answer' : 'answers'}`;
    const share = this.participants ? Math.min(100, Math.round((n / this.participants) * 100)) : null;
    this.blindCount.dataset.respondents = String(n);
    this.blindCount.textContent = share === null ? answers : `${answers} · ${share}% of the room`;
  }

  /** Entries of this poll added or changed; an update from an earlier round is stale. */
  setEntries(update: EntriesUpdate): void {
    if (update.round === this.round) this.body.setEntries?.(update.entries, false);
  }

  /** `text` polls: word cloud ⇄ list. Returns false for other polls. */
  toggleView(): boolean {
    if (!this.body.toggleView) return false;
    this.body.toggleView();
    if (this.viewButton) this.viewButton.textContent = this.viewButton.textContent === 'List' ? 'Cloud' : 'List';
    return true;
  }
}

/**
 * A paired poll's two questions, while its bars are not shown (blind, or before any answer): what
 * the room is answering on its phones. The pair view's legend says it once the bars are shown.
 */
export function asksLine(poll: Poll): HTMLElement | null {
  const asks = asksOf(poll);
  if (!asks) return null;
  return h(
    'p',
    { class: 'poll-asks', 'data-testid': `poll-asks-${poll.id}` },
    ...asks.flatMap((ask, i) => [i ? ' · ' : null, h('span', { class: 'pair-name' }, `${askName(ask)}: `), ask.question]),
  );
}

function emptyTally(poll: Poll): Tally {
  return { pollId: poll.id, counts: Object.fromEntries(poll.options.map((o) => [o.id, 0])), respondents: 0 };
}
