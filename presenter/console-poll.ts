// The console's panel for the poll on the current slide: its state and buttons, the answers so
// far with the response rate, the counts per option (numbers, not colour alone), the branch
// buttons and the timer. The console is sent every count as it comes in; until the results are
// revealed (or the poll is `results: live`) nobody else sees them, and the panel says so. A poll
// voted on again (V) shows its rounds side by side, and the movement view (M) on demand, as the
// projector does once revealed; a paired poll (`ask`) its two questions' bars and the gap; in a
// deck with roles, the split by role (K) at any time. The movement view and the split are the
// session's chart view, shared with the projector through the server (`presenter:view`): chosen
// here, the projector shows it too — at once when the results are shown, else once revealed.
import type { Deck, Poll, Role } from '../server/deck/types.js';
import type { ChartView, PollAction, PresenterPollState, Tally } from '../server/protocol.js';
import { branchButtons, type Branch } from './branches.js';
import { chartKind } from './chart-kinds.js';
import { compareView, movementRequest, shownViews, splitRequest } from './compare-view.js';
import { h } from './dom.js';
import { refusalText } from './movement.js';
import { splitRefusalText } from './role-split.js';
import { hasRounds } from './round-bars.js';
import { pollTimerControls, pollTimerNote, type TimerControls } from './timer.js';
import { toast } from './ui.js';

export interface ConsolePollActions {
  poll(action: PollAction): Promise<unknown>;
  timer(seconds: number | null): Promise<unknown>;
  /** The chart view every presenter window shows (M, K). */
  view(view: ChartView): Promise<unknown>;
  branch(option: Branch): void;
}

/** "12 of 30 · 40%": respondents of the participants connected now. */
export function responseRate(respondents: number, participants: number | null): string {
  if (participants === null) return `${respondents} answered (reconnecting…)`;
  const share = participants ? Math.round((respondents / participants) * 100) : 0;
  return `${respondents} of ${participants} · ${share}%`;
}

export class ConsolePoll {
  readonly el: HTMLElement;
  private readonly badge = h('p', { class: 'console-state', 'data-testid': 'console-poll-state' });
  private readonly rate = h('p', { class: 'console-rate', 'data-testid': 'console-rate' });
  private readonly counts: HTMLElement;
  private readonly privacy = h('p', { class: 'console-privacy', 'data-testid': 'console-privacy' });
  private readonly openButton = h('button', { type: 'button', 'data-testid': 'console-open' });
  private readonly revealButton = h('button', { type: 'button', 'data-testid': 'console-reveal' });
  private readonly movementButton = h(
    'button',
    { type: 'button', 'data-testid': 'console-movement', 'aria-pressed': 'false', title: 'How the room moved between the last two rounds' },
    'Movement (M)',
  );
  /** In a deck with roles: the split by role (K), at any time. */
  private readonly splitButton = h(
    'button',
    { type: 'button', 'data-testid': 'console-split', 'aria-pressed': 'false', title: 'The counts of each role, small groups left out' },
    'By role (K)',
  );
  /** Rounds side by side (or the movement view, a paired poll's questions, the split by role) in place of the counts. */
  private readonly compare = h('div', { class: 'console-compare', 'data-testid': 'console-rounds' });
  private readonly actions: ConsolePollActions;
  private readonly roles: Role[] | undefined;
  private readonly timer: TimerControls;
  private state: PresenterPollState | null = null;
  private participants: number | null = null;

  constructor(
    readonly poll: Poll,
    deck: Deck,
    actions: ConsolePollActions,
  ) {
    this.roles = deck.meta.roles;
    this.actions = actions;
    this.openButton.addEventListener('click', () => void actions.poll(this.state?.status === 'open' ? 'close' : 'open'));
    this.revealButton.addEventListener('click', () => void actions.poll(this.state?.revealed ? 'hide' : 'reveal'));
    // Nothing is lost in a vote again (the round stays beside the next): no confirmation.
    const again = h(
      'button',
      { type: 'button', 'data-testid': 'console-again', title: 'Keep this round and open a new one, results hidden' },
      'Vote again (V)',
    );
    again.addEventListener('click', () => void actions.poll('again'));
    this.movementButton.addEventListener('click', () => this.toggleMovement());
    this.splitButton.addEventListener('click', () => this.toggleSplit());
    const reset = h('button', { type: 'button', class: 'danger', 'data-testid': 'console-reset' }, 'Reset…');
    reset.addEventListener('click', () => {
      if (confirm('Reset this poll? Its answers stop counting and a new round starts.')) void actions.poll('reset');
    });
    this.timer = pollTimerControls(poll, async (seconds) => {
      // A timer runs on an open poll: a closed one opens first.
      if (seconds !== null && this.state?.status !== 'open') await actions.poll('open');
      await actions.timer(seconds);
    });
    this.counts = h('ol', { class: 'console-counts', 'data-testid': 'console-counts' });
    this.el = h(
      'section',
      { class: 'console-poll', 'aria-labelledby': 'console-poll-title', 'data-testid': 'console-poll', 'data-poll-id': poll.id },
      h('h2', { id: 'console-poll-title' }, 'Poll'),
      h('p', { class: 'console-question' }, poll.question),
      this.badge,
      h(
        'div',
        { class: 'console-buttons' },
        this.openButton,
        this.revealButton,
        again,
        this.movementButton,
        this.roles?.length ? this.splitButton : null,
        reset,
      ),
      this.rate,
      this.privacy,
      this.counts,
      this.compare,
      branchButtons(deck, poll, (option) => actions.branch(option), 'console-branch'),
      this.timer.el,
    );
  }

  setState(state: PresenterPollState): void {
    this.state = state;
    const open = state.status === 'open';
    this.badge.dataset.status = state.status;
    this.badge.dataset.revealed = String(state.revealed);
    this.badge.textContent = `${open ? 'Open — voting' : 'Closed'} · ${state.revealed ? 'results shown on the projector and phones' : 'results hidden from the room'}`;
    const live = this.poll.liveResults === true;
    this.privacy.dataset.shown = String(state.revealed || live);
    this.privacy.textContent = state.revealed
      ? 'Shown on the projector and the phones'
      : live
        ? 'Live on the projector (results: live) · hidden from phones'
        : 'Only you see this — the projector and the phones show the counts when you reveal (R)';
    this.openButton.textContent = open ? 'Close voting (O)' : 'Open voting (O)';
    this.revealButton.textContent = state.revealed ? 'Hide results (R)' : 'Reveal results (R)';
    this.timer.show(state.timer, pollTimerNote(this.poll, state));
    this.setTally(state.tally);
  }

  setTally(tally: Tally): void {
    if (this.state) this.state.tally = tally;
    this.rate.dataset.respondents = String(tally.respondents);
    this.rate.textContent = `Answered: ${responseRate(tally.respondents, this.participants)}`;
    this.renderCompare(tally);
    const typed = chartKind(this.poll).entries;
    if (typed) {
      this.counts.replaceChildren(h('li', {}, `${tally.entries ?? 0} ${typed[1]}`));
      return;
    }
    this.counts.replaceChildren(
      ...this.poll.options.map((option, i) => {
        const count = tally.counts[option.id] ?? 0;
        const share = tally.respondents ? Math.round((count / tally.respondents) * 100) : 0;
        const fill = h('span', { class: 'console-fill' });
        fill.style.width = `${share}%`;
        return h(
          'li',
          { 'data-testid': `console-count-${option.id}`, 'data-count': count },
          h('span', { class: 'console-option' }, `${i + 1}. ${option.label}`),
          h('span', { class: 'console-track' }, fill),
          h('span', { class: 'console-value' }, `${count} · ${share}%`),
        );
      }),
    );
  }

  /**
   * M: the movement view in place of the rounds side by side, or back, on every presenter window
   * (through the server: shown once its state comes back); a toast says why not (a single round).
   */
  toggleMovement(): void {
    const { state } = this;
    if (!state) return;
    const next = movementRequest(state.view, state.tally);
    if (typeof next === 'object') toast(refusalText(next.refused), 5000);
    else void this.actions.view(next);
  }

  /** K: the split by role in place of the counts, or back, on every presenter window; a toast says why not (no roles, typed answers). */
  toggleSplit(): void {
    const { state } = this;
    if (!state) return;
    const next = splitRequest(state.view, this.poll, state.tally, this.roles);
    if (typeof next === 'object') toast(splitRefusalText(next.refused), 5000);
    else void this.actions.view(next);
  }

  private renderCompare(tally: Tally): void {
    const shown = shownViews(this.state?.view ?? 'normal', tally);
    const { name, el } = compareView(this.poll, tally, { ...shown, roles: this.roles, flow: { width: 160, height: 200 } });
    this.el.dataset.view = name;
    this.el.dataset.sharedView = this.state?.view ?? 'normal';
    this.movementButton.setAttribute('aria-pressed', String(shown.movement === 'on'));
    this.movementButton.disabled = !hasRounds(tally);
    this.splitButton.setAttribute('aria-pressed', String(shown.split === 'on'));
    this.compare.replaceChildren(...(el ? [el] : []));
  }

  setParticipants(participants: number | null): void {
    this.participants = participants;
    if (this.state) this.setTally(this.state.tally);
  }
}
