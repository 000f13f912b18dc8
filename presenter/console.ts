// The presenter console (/present?session=CODE&console): the laptop's view while the projector
// shows the deck. Current and next slide, speaker notes, the current slide's poll with its
// buttons, response rate, branches and timer, participants, the join code, and a clock with the
// deck's timing plan (ahead or behind on this slide). It is a presenter
// of the session like the projector window: the server keeps the two in step.
import type { Deck, Slide, SlidePosition } from '../server/deck/types.js';
import type { PresenterPollState } from '../server/protocol.js';
import { branchMapList, forkView } from './branch-map.js';
import { slideName, type Branch } from './branches.js';
import { againText, branchKeys, nextBranchKey, resetGuard, toggleAction } from './commands.js';
import { ConsoleClock } from './console-clock.js';
import { consoleKeys } from './console-keys.js';
import { ConsolePoll } from './console-poll.js';
import { copyLink } from './copy-link.js';
import { deckErrorBanner } from './deck-errors.js';
import { DiscussionControls } from './discussion.js';
import { storageWarning } from './storage-warning.js';
import { h } from './dom.js';
import { CONSOLE_KEYS, helpDialog } from './help.js';
import { PresenterLink } from './link.js';
import { phonePreview } from './phone-preview.js';
import { SlideFrame } from './slide-frame.js';
import { markBusy, toast } from './ui.js';

export function presenterConsole(code: string, key: string): void {
  document.body.classList.add('console-page');
  markBusy(true);
  document.title = `Console ${code} — Parley`;
  const help = helpDialog(CONSOLE_KEYS);
  const errors = deckErrorBanner();
  const storage = storageWarning();
  const preview = phonePreview();

  const title = h('h1', { class: 'console-title' }, 'Console');
  const people = h('span', { class: 'console-people', 'data-testid': 'console-participants' }, 'Connecting…');
  const joinCode = h('span', { class: 'console-code', 'data-testid': 'console-join-code' }, code);
  const projector = h('button', { type: 'button', 'data-testid': 'open-projector' }, 'Projector window');
  projector.addEventListener('click', () => {
    window.open(`/present?session=${encodeURIComponent(code)}`, `parley-deck-${code}`);
  });
  const phoneButton = h('button', { type: 'button', 'data-testid': 'console-phone-preview' }, 'Phone view');
  phoneButton.addEventListener('click', () => preview.toggle(code));
  const keysButton = h('button', { type: 'button', 'data-testid': 'console-help' }, 'Keys (?)');
  keysButton.addEventListener('click', () => help.toggle());
  const joinBox = h('div', { class: 'console-join' });
  const clock = new ConsoleClock(code);

  const current = new SlideFrame(code, 'Current slide', 'current-slide-frame');
  const next = new SlideFrame(code, 'Next slide', 'next-slide-frame');
  const currentCaption = h('figcaption', { 'data-testid': 'current-slide' });
  const nextCaption = h('figcaption', { 'data-testid': 'next-slide' });
  const prevButton = h('button', { type: 'button', 'data-testid': 'console-prev' }, '← Previous');
  const nextButton = h('button', { type: 'button', 'data-testid': 'console-next' }, 'Next →');
  prevButton.addEventListener('click', () => step(-1));
  nextButton.addEventListener('click', () => step(1));
  const notes = h('div', { class: 'console-notes', 'data-testid': 'console-notes' });
  const pollBox = h('div', { class: 'console-poll-box' });
  const discussion = new DiscussionControls(async (seconds) => {
    await link.discuss(seconds);
    renderDiscussion();
  });
  const branchBox = h('section', {
    class: 'console-branches',
    'aria-labelledby': 'console-branches-title',
    'data-testid': 'console-branches',
    hidden: true,
  });

  const main = h(
    'main',
    { class: 'console', 'data-testid': 'console' },
    h(
      'header',
      { class: 'console-top' },
      title,
      h('p', { class: 'console-join-line' }, 'Join code ', joinCode),
      people,
      clock.el,
      h('div', { class: 'console-tools' }, projector, phoneButton, keysButton),
    ),
    h(
      'div',
      { class: 'console-grid' },
      h(
        'section',
        { class: 'console-slides', 'aria-label': 'Slides' },
        h('figure', { class: 'console-current' }, current.el, currentCaption),
        h('figure', { class: 'console-next' }, next.el, nextCaption),
        h('div', { class: 'console-nav' }, prevButton, nextButton, joinBox),
      ),
      h(
        'div',
        { class: 'console-side' },
        h('section', { class: 'console-notes-box', 'aria-labelledby': 'notes-title' }, h('h2', { id: 'notes-title' }, 'Speaker notes'), notes),
        pollBox,
        discussion.el,
        branchBox,
      ),
    ),
  );
  document.body.append(main, preview.el);

  let deck: Deck | null = null;
  let pollPanel: ConsolePoll | null = null;

  const slides = (): Slide[] => deck?.slides ?? [];
  const indexOf = (p: SlidePosition): number => slides().findIndex((s) => s.position.h === p.h && s.position.v === p.v);
  const position = (): SlidePosition => link.state?.slide ?? { h: 0, v: 0 };
  const currentSlide = (): Slide | undefined => slides()[indexOf(position())];
  const currentPoll = () => {
    const id = currentSlide()?.pollId;
    return id === undefined ? undefined : deck?.polls.find((p) => p.id === id);
  };

  const renderParticipants = (): void => {
    const n = link.participants;
    people.textContent = n === null ? 'Reconnecting…' : `${n} connected`;
    people.classList.toggle('console-offline', n === null);
    if (n !== null) people.dataset.count = String(n);
    pollPanel?.setParticipants(n);
  };

  /**
   * The discussion timer's controls: on a slide without a poll, and on a poll slide while a
   * discussion timer runs (to see and stop it; the poll has its own timer).
   */
  const renderDiscussion = (): void => {
    const timer = link.state?.discussion;
    discussion.el.hidden = Boolean(currentPoll()) && !timer;
    discussion.show(currentSlide(), timer);
  };

  /** Everything that depends on the slide: previews, captions, notes, the poll panel. */
  const renderSlide = (): void => {
    renderDiscussion();
    const at = position();
    const i = indexOf(at);
    const slide = slides()[i];
    const after = slides()[i + 1];
    current.show(at);
    clock.setSlide(i);
    currentCaption.textContent = slide ? `Now: ${slide.number} · ${slide.title || 'untitled'} (${i + 1} of ${slides().length})` : '';
    if (after) {
      next.show(after.position);
      nextCaption.textContent = `Next: ${after.number} · ${after.title || 'untitled'}`;
      next.el.hidden = false;
    } else {
      nextCaption.textContent = 'Next: end of the deck';
      next.el.hidden = true;
    }
    prevButton.disabled = i <= 0;
    nextButton.disabled = !after;
    // Server-rendered Markdown, as on the slides (raw HTML in the deck was escaped by the renderer).
    notes.innerHTML = slide?.notes ?? '';
    if (!slide?.notes) notes.replaceChildren(h('p', { class: 'console-hint' }, 'No notes on this slide.'));

    renderBranches();
    const poll = currentPoll();
    if (!poll || !deck) {
      pollPanel = null;
      pollBox.replaceChildren(
        h(
          'section',
          { class: 'console-poll', 'aria-labelledby': 'console-poll-title' },
          h('h2', { id: 'console-poll-title' }, 'Poll'),
          h('p', { class: 'console-hint' }, 'No poll on this slide.'),
        ),
      );
      return;
    }
    if (pollPanel?.poll.id !== poll.id) {
      pollPanel = new ConsolePoll(poll, deck, {
        poll: (action) =>
          link.poll(poll.id, action).then((state) => {
            if (!state) return;
            updatePoll(state);
            if (action === 'again') toast(againText(state), 5000);
          }),
        timer: (seconds) => link.timer(poll.id, seconds).then((state) => state && updatePoll(state)),
        view: (view) => link.setView(poll.id, view).then((state) => state && updatePoll(state)),
        branch: (option) => follow(option),
      });
      pollBox.replaceChildren(pollPanel.el);
    }
    pollPanel.setParticipants(link.participants);
    const state = link.pollState(poll.id);
    if (state) pollPanel.setState(state);
  };

  const updatePoll = (state: PresenterPollState): void => {
    if (pollPanel?.poll.id === state.id) pollPanel.setState(state);
    renderBranches();
  };

  /** The branch map of the fork in play (the poll here, or the one this branch slide belongs to), with the live counts. */
  const renderBranches = (): void => {
    const fork = deck ? forkView(deck, position(), (pollId) => link.pollState(pollId), link.state?.visited ?? [], true) : null;
    branchBox.hidden = !fork;
    if (!deck || !fork) {
      branchBox.replaceChildren();
      return;
    }
    branchBox.replaceChildren(h('h2', { id: 'console-branches-title' }, 'Branches'), branchMapList(deck, fork, 'console-branch-map', goto));
  };

  const goto = (to: SlidePosition): void => {
    void link.goto(to);
    renderSlide();
  };
  const step = (by: number): void => {
    const target = slides()[indexOf(position()) + by];
    if (target) goto(target.position);
  };
  const follow = (option: Branch, why = ''): void => {
    if (!deck) return;
    toast(`${option.label}${why} → ${slideName(deck, option.goto)}`);
    goto(option.goto);
  };

  const link: PresenterLink = new PresenterLink(code, key, 'console', {
    joined(state) {
      const first = deck === null;
      deck = state.deck;
      clock.setDeck(state.deck);
      title.textContent = `Console · ${state.deck.meta.title}`;
      if (first) joinBox.replaceChildren(copyLink(state.audienceUrl, 'Join link', 'console-join-link'));
      joinCode.textContent = state.ended ? `${code} (ended)` : code;
      pollPanel = null;
      renderParticipants();
      renderSlide();
      markBusy(false);
    },
    offline: renderParticipants,
    tally(update) {
      renderParticipants();
      for (const tally of update.tallies) if (pollPanel?.poll.id === tally.pollId) pollPanel.setTally(tally);
      renderBranches();
    },
    visited: () => renderBranches(),
    poll: updatePoll,
    slide: renderSlide,
    deck(fresh) {
      errors.clear();
      deck = fresh;
      clock.setDeck(fresh);
      pollPanel = null;
      current.reload();
      next.reload();
      renderSlide();
      toast('The deck file changed: slides updated.');
    },
    deckErrors: (list) => errors.show(list),
    storage: (status) => storage.show(status),
    discussion: renderDiscussion,
    ended() {
      joinCode.textContent = `${code} (ended)`;
      toast('The session has ended: its polls are closed for good.');
    },
  });

  const branch = branchKeys(currentPoll, (pollId) => link.pollState(pollId), follow);
  const reset = resetGuard();
  const control = (action: 'toggle-open' | 'toggle-reveal' | 'reset' | 'again'): void => {
    const poll = currentPoll();
    const state = poll && link.pollState(poll.id);
    if (!poll || !state) {
      toast('There is no poll on this slide.');
      return;
    }
    const run = (): void =>
      void link.poll(poll.id, toggleAction(state, action)).then((s) => {
        if (!s) return;
        updatePoll(s);
        if (action === 'again') toast(againText(s), 5000);
      });
    if (action === 'reset') reset(poll.id, run);
    else run();
  };
  consoleKeys({
    step,
    first: () => slides()[0] && goto(slides()[0]!.position),
    last: () => slides().at(-1) && goto(slides().at(-1)!.position),
    control,
    movement: () => {
      if (pollPanel) pollPanel.toggleMovement();
      else toast('There is no poll on this slide.');
    },
    split: () => {
      if (pollPanel) pollPanel.toggleSplit();
      else toast('There is no poll on this slide.');
    },
    mostChosen: () => branch.mostChosen(),
    nextBranch: nextBranchKey({
      deck: () => deck,
      position,
      state: (pollId) => link.pollState(pollId),
      visited: () => link.state?.visited ?? [],
      go: (to, text) => {
        toast(text);
        goto(to);
      },
    }),
    branch: (n) => branch.number(n),
  });
}
