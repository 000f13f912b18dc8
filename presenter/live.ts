// The projector window (/present?session=CODE): the deck with live poll widgets, driven by keys,
// clicker and the console (through the server: both are presenters of the same session).
import { branchMapList, forkView } from './branch-map.js';
import { forkAt, slideName, type Branch } from './branches.js';
import type { ControlAction } from './chart.js';
import { againText, branchKeys, nextBranchKey, resetGuard, toggleAction } from './commands.js';
import { deckErrorBanner } from './deck-errors.js';
import { storageWarning } from './storage-warning.js';
import { DeckView } from './deck-view.js';
import { exportMenu } from './export-menu.js';
import { h } from './dom.js';
import { DECK_KEYS, helpDialog } from './help.js';
import { DiscussionClock } from './discussion.js';
import { createHud } from './hud.js';
import { PresenterLink } from './link.js';
import type { ChartView } from '../server/protocol.js';
import { refusalText } from './movement.js';
import { splitRefusalText } from './role-split.js';
import { markBusy, toast } from './ui.js';

const KEY = { O: 79, R: 82, X: 88, V: 86, M: 77, K: 75, J: 74, E: 69, L: 76, G: 71, B: 66, C: 67, F1: 112, DIGIT_1: 49, NUMPAD_1: 97 } as const;

/** The console of a session, in its own window (one per session, reused when open). */
export function openConsole(code: string): void {
  const url = `/present?session=${encodeURIComponent(code)}&console`;
  const opened = window.open(url, `parley-console-${code}`, 'popup,width=1280,height=800');
  if (!opened) toast('The browser blocked the console window: allow pop-ups for this page, or open the console from the start page.', 6000);
}

export function live(code: string, key: string): void {
  markBusy(true);
  let view: DeckView | null = null;
  const help = helpDialog(DECK_KEYS);
  const errors = deckErrorBanner();
  const storage = storageWarning();
  const menu = exportMenu(key, code, toast, () => {
    link.markEnded();
    refreshHud();
  });
  const renderHud = createHud(code, () => menu.toggle());
  const discussion = new DiscussionClock();
  document.body.append(discussion.el);
  const refreshHud = (): void =>
    renderHud({
      participants: link.participants,
      onPollSlide: Boolean(view?.currentPollId()),
      branching: Boolean(view && forkAt(view.deck, view.position())),
      roles: Boolean(view?.deck.meta.roles?.length),
      ended: link.state?.ended ?? false,
    });

  const control = async (pollId: string, action: ControlAction): Promise<void> => {
    const state = link.pollState(pollId);
    if (!state) return;
    const poll = await link.poll(pollId, toggleAction(state, action));
    if (poll) view?.built.charts.get(poll.id)?.setState(poll);
    if (poll && action === 'again') toast(againText(poll), 5000);
  };

  /** M and K: the chart view every presenter window shows (the console's too), through the server; a refusal says why. */
  const askView = <R>(pollId: string, request: ChartView | { refused: R } | undefined, why: (refused: R) => string): void => {
    if (request === undefined) return;
    if (typeof request === 'object') {
      toast(why(request.refused), 5000);
      return;
    }
    void link.setView(pollId, request).then((poll) => {
      if (poll) view?.built.charts.get(poll.id)?.setState(poll);
    });
  };

  /** Jumps to a branch's slide; the slide change reaches the server, the phones and the console. */
  const follow = (option: Branch, why = ''): void => {
    if (!view) return;
    toast(`${option.label}${why} → ${slideName(view.deck, option.goto)}`);
    view.show(option.goto);
  };

  /** The poll on the slide on screen, or a toast saying there is none. */
  const onPoll = (fn: (pollId: string) => void) => (): void => {
    const pollId = view?.currentPollId();
    if (pollId) fn(pollId);
    else toast('There is no poll on this slide.');
  };
  const branch = branchKeys(
    () => view?.deck.polls.find((p) => p.id === view?.currentPollId()),
    (pollId) => link.pollState(pollId),
    follow,
  );
  const reset = resetGuard();

  /**
   * The branch map overlay (Shift+B): the fork in play, its branches and visited ticks for the
   * room; counts only once the poll's results are revealed (the projector is sent none before).
   */
  const branchOverlay = document.getElementById('branch-overlay') as HTMLElement;
  const renderBranchOverlay = (): void => {
    if (branchOverlay.hidden || !view) return;
    const poll = forkAt(view.deck, view.position());
    const state = poll ? link.pollState(poll.id) : undefined;
    // Revealed, and the server sent the counts: never a count the room has not been shown.
    const showCounts = Boolean(state?.revealed && !state.tally.blind);
    const fork = forkView(view.deck, view.position(), (pollId) => link.pollState(pollId), link.state?.visited ?? [], showCounts);
    branchOverlay.replaceChildren(
      h('h2', {}, 'Branches'),
      fork ? branchMapList(view.deck, fork, 'branch-overlay-map') : h('p', { class: 'branch-map-none' }, 'No branching poll on this slide.'),
    );
  };
  const nextBranch = nextBranchKey({
    deck: () => view?.deck ?? null,
    position: () => view?.position() ?? { h: 0, v: 0 },
    state: (pollId) => link.pollState(pollId),
    visited: () => link.state?.visited ?? [],
    go: (to, text) => {
      toast(text);
      view?.show(to);
    },
  });
  /** Keys typed with Shift that mean something else than without. */
  const shifted: Record<number, () => void> = {
    [KEY.G]: nextBranch,
    [KEY.B]: () => {
      branchOverlay.hidden = !branchOverlay.hidden;
      renderBranchOverlay();
    },
  };
  const keyboard: Record<number, (event: KeyboardEvent) => void> = {
    // O and J replace reveal.js's overview and vim-down keys (Esc still opens the overview), G its
    // jump-to-slide, L its vim-right.
    [KEY.O]: onPoll((id) => void control(id, 'toggle-open')),
    [KEY.R]: onPoll((id) => void control(id, 'toggle-reveal')),
    [KEY.X]: onPoll((id) => reset(id, () => void control(id, 'reset'))),
    // V replaces reveal.js's second blank key (B and . still blank). On a blanked screen reveal.js
    // itself hands V to this binding: nothing is voted on again behind a blank screen.
    [KEY.V]: onPoll((id) => {
      if (!view?.reveal.isPaused()) void control(id, 'again');
    }),
    // M: the movement view on every presenter window, once revealed.
    [KEY.M]: onPoll((id) => askView(id, view?.built.charts.get(id)?.movementRequest(), refusalText)),
    // K (reveal.js's vim-up): the chart split by role on every presenter window, once revealed.
    [KEY.K]: onPoll((id) => askView(id, view?.built.charts.get(id)?.splitRequest(), splitRefusalText)),
    [KEY.J]: () => {
      const overlay = document.getElementById('join-overlay') as HTMLElement;
      overlay.hidden = !overlay.hidden;
    },
    [KEY.E]: () => menu.toggle(),
    [KEY.L]: onPoll((id) => {
      if (!view?.built.charts.get(id)?.toggleView()) toast('L switches an open-text poll between its word cloud and the list of answers.');
    }),
    [KEY.G]: () => branch.mostChosen(),
    [KEY.C]: () => openConsole(code),
    [KEY.F1]: () => help.toggle(),
  };
  for (let n = 1; n <= 9; n++) {
    keyboard[KEY.DIGIT_1 + n - 1] = () => branch.number(n);
    keyboard[KEY.NUMPAD_1 + n - 1] = () => branch.number(n);
  }
  guardReloadKey(() => view);
  anyLayoutKeys(keyboard, shifted, () => view);
  let rebuilding = Promise.resolve();

  /** The response rate each blind poll shows ("40% of the room"). */
  const setParticipants = (participants: number | null): void => {
    for (const chart of view?.built.charts.values() ?? []) chart.setParticipants(participants);
  };

  const link: PresenterLink = new PresenterLink(code, key, 'projector', {
    async joined(state) {
      if (!view) {
        view = await DeckView.create(state.deck, {
          code,
          audienceUrl: state.audienceUrl,
          keyboard,
          handlers: {
            control: (pollId, action) => void control(pollId, action),
            moderate: (pollId, entryId, action) => {
              void link.moderate(pollId, entryId, action).then((entry) => {
                if (entry) view?.built.charts.get(pollId)?.setEntries({ pollId, round: link.pollState(pollId)?.round ?? 1, entries: [entry] });
              });
            },
            branch: (_pollId, option) => follow(option),
          },
        });
        view.reveal.on('slidechanged', () => {
          refreshHud();
          renderBranchOverlay();
          const position = view!.position();
          discussion.setSlide(position);
          const at = link.state?.slide;
          if (at && position.h === at.h && position.v === at.v) return;
          void link.goto(position);
        });
        markBusy(false);
      }
      for (const poll of state.polls) view.built.charts.get(poll.id)?.setState(poll);
      setParticipants(state.participants);
      view.show(state.slide);
      discussion.setSlide(view.position());
      discussion.set(state.discussion);
      renderBranchOverlay();
      if (state.ended) menu.setEnded();
      refreshHud();
    },
    offline() {
      setParticipants(null);
      refreshHud();
    },
    tally(update) {
      for (const tally of update.tallies) view?.built.charts.get(tally.pollId)?.setTally(tally);
      setParticipants(update.participants);
      refreshHud();
      renderBranchOverlay();
    },
    poll: (poll) => {
      view?.built.charts.get(poll.id)?.setState(poll);
      renderBranchOverlay();
    },
    visited: () => renderBranchOverlay(),
    entries: (update) => view?.built.charts.get(update.pollId)?.setEntries(update),
    slide: (position) => view?.show(position),
    deck(deck) {
      errors.clear();
      // One rebuild after the other, however fast the file is saved.
      rebuilding = rebuilding.then(async () => {
        if (!view) return;
        const position = view.position();
        await view.rebuild(deck, () => link.state?.slide ?? position);
        // The poll states sent with the new deck (they may have arrived during the rebuild).
        for (const poll of link.state?.polls ?? []) view.built.charts.get(poll.id)?.setState(poll);
        setParticipants(link.participants);
        refreshHud();
        toast('The deck file changed: slides updated.');
      });
    },
    deckErrors: (list) => errors.show(list),
    storage: (status) => storage.show(status),
    discussion: (timer) => discussion.set(timer),
    ended() {
      menu.setEnded();
      refreshHud();
      toast('The session has ended: its polls are closed for good.');
    },
  });
}

/** The key code of Parley's binding for a typed key: "o" and "O" → O, "4" → 4 (number row or pad). */
function bindingCode(key: string): number | undefined {
  if (/^[a-z]$/i.test(key)) return key.toUpperCase().charCodeAt(0);
  if (/^[1-9]$/.test(key)) return key.charCodeAt(0);
  return key === 'F1' ? KEY.F1 : undefined;
}

/**
 * Parley's own keys (O, R, X, G, 1–9…) by the character they type, before reveal.js sees them.
 * reveal.js matches key codes and ignores any key pressed with Shift: so Shift+O, and the digits of
 * layouts that type them with Shift (AZERTY's number row), did nothing. The keys reveal.js keeps
 * (navigation, B, F, S, Esc) still go to reveal.js. A few letters mean something else with Shift
 * (`shifted`: Shift+G the next branch, Shift+B the branch map), which reveal.js leaves alone.
 */
function anyLayoutKeys(
  keyboard: Record<number, (event: KeyboardEvent) => void>,
  shifted: Record<number, () => void>,
  view: () => DeckView | null,
): void {
  window.addEventListener(
    'keydown',
    (event) => {
      // A dialog (help, export menu) took the key, or has the keyboard; reveal.js's rule below.
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
      const code = bindingCode(event.key);
      // Shift+G, Shift+B: keys of their own (Caps Lock alone types "G" without Shift: still G).
      const shiftAction = event.shiftKey && code !== undefined ? shifted[code] : undefined;
      const action = shiftAction ?? (code === undefined ? undefined : keyboard[code]);
      // A blanked screen (B) comes back on B or . only, as in reveal.js.
      if (!action || view()?.reveal.isPaused()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      action(event);
    },
    true,
  );
}

/**
 * Clickers' "start presentation" button sends F5 or Shift+F5: full screen instead of a reload,
 * which would blank the projector for a moment. (Ctrl+R still reloads.)
 */
function guardReloadKey(view: () => DeckView | null): void {
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'F5' || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      const reveal = view()?.reveal;
      if (reveal?.isOverview()) reveal.toggleOverview(false);
      if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => {});
    },
    true,
  );
}
