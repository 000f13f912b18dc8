// The keyboard help (?): every shortcut of the deck and the console, in a modal dialog with a
// heading. Replaces reveal.js's own help overlay (which lists keys Parley rebinds).
import { h } from './dom.js';

export interface Shortcut {
  keys: string[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

/** Keys that move through the deck: what clickers send. None of them touches a poll. */
export const NAVIGATION: ShortcutGroup = {
  title: 'Move through the deck (clicker keys)',
  shortcuts: [
    { keys: ['→', 'Page Down', 'Space', 'N'], does: 'Next slide' },
    { keys: ['←', 'Page Up', 'Shift+Space', 'P'], does: 'Previous slide' },
    { keys: ['↑', '↓'], does: 'Up and down a stack of slides' },
    { keys: ['Home', 'End'], does: 'First and last slide' },
  ],
};

export const POLLS: ShortcutGroup = {
  title: 'Poll on this slide',
  shortcuts: [
    { keys: ['O'], does: 'Open or close voting' },
    { keys: ['R'], does: 'Reveal or hide the results on the projector and the phones' },
    { keys: ['V'], does: 'Vote again after discussion: keep this round beside a new one (results hidden until R)' },
    { keys: ['M'], does: 'Movement: how the room moved between the last two rounds (on the projector once revealed)' },
    { keys: ['K'], does: 'Split the chart by role, small groups left out (a deck with roles; on the projector once revealed)' },
    { keys: ['X', 'X'], does: 'Reset: erase this round and start it again (press twice)' },
    { keys: ['G'], does: 'Go to the most-chosen branch' },
    { keys: ['Shift+G'], does: 'Next branch not visited yet (most votes first), then back to the question' },
    { keys: ['1', '…', '9'], does: 'Go to the branch of option 1 to 9' },
    { keys: ['L'], does: 'Word cloud or list of answers (open text)' },
  ],
};

/** The projector window's own keys. */
export const DECK_KEYS: ShortcutGroup[] = [
  NAVIGATION,
  POLLS,
  {
    title: 'Screen and session',
    shortcuts: [
      { keys: ['B', '.'], does: 'Blank the screen (again to come back)' },
      { keys: ['F', 'F5'], does: 'Full screen (F5 never reloads the deck)' },
      { keys: ['Esc'], does: 'Slide overview' },
      { keys: ['J'], does: 'Show or hide how to join' },
      { keys: ['Shift+B'], does: 'Show or hide the branch map: branches and which were visited (votes once revealed)' },
      { keys: ['C'], does: 'Open the presenter console in a new window' },
      { keys: ['E'], does: 'Exports and End session' },
      { keys: ['S'], does: 'reveal.js speaker view' },
      { keys: ['?'], does: 'This help (Esc or ? closes it)' },
    ],
  },
];

/** The console's keys: the same moves and poll keys, sent to the projector through the server. */
export const CONSOLE_KEYS: ShortcutGroup[] = [
  NAVIGATION,
  POLLS,
  {
    title: 'Console',
    shortcuts: [{ keys: ['?'], does: 'This help (Esc or ? closes it)' }],
  },
];

export interface Help {
  toggle(): void;
  isOpen(): boolean;
}

/** The help dialog for one window; `?` and Esc close it, Tab stays inside it. */
export function helpDialog(groups: ShortcutGroup[]): Help {
  const close = h('button', { type: 'button', class: 'help-close', 'data-testid': 'help-close' }, 'Close');
  const dialog = h(
    'dialog',
    { class: 'help-dialog', 'aria-labelledby': 'help-title', 'data-testid': 'help' },
    h('div', { class: 'help-head' }, h('h2', { id: 'help-title' }, 'Keyboard shortcuts'), close),
    h(
      'div',
      { class: 'help-groups' },
      ...groups.map((group, i) =>
        h(
          'section',
          { 'aria-labelledby': `help-group-${i}` },
          h('h3', { id: `help-group-${i}` }, group.title),
          h(
            'dl',
            { class: 'help-list' },
            ...group.shortcuts.flatMap((s) => [
              h('dt', {}, ...s.keys.flatMap((k, j) => [j ? ' ' : null, k === '…' ? '…' : h('kbd', {}, k)])),
              h('dd', {}, s.does),
            ]),
          ),
        ),
      ),
    ),
    h('p', { class: 'help-foot' }, 'Next and previous only move through the deck: they never open or close a poll.'),
  );
  let opener: Element | null = null;
  const hide = (): void => {
    if (!dialog.open) return;
    dialog.close();
  };
  dialog.addEventListener('close', () => {
    if (opener instanceof HTMLElement) opener.focus();
  });
  close.addEventListener('click', hide);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    hide();
  });
  const show = (): void => {
    opener = document.activeElement;
    dialog.showModal();
    close.focus();
  };
  // `?` opens it (before reveal.js would show its own help) and closes it, as Esc does, wherever
  // the focus is; Tab stays inside it.
  window.addEventListener(
    'keydown',
    (event) => {
      if (dialog.open) {
        if (event.key === '?' || event.key === 'Escape') {
          event.preventDefault();
          event.stopImmediatePropagation();
          hide();
        } else if (event.key === 'Tab') {
          // Close is its only control: the focus stays there.
          event.preventDefault();
          close.focus();
        }
        return;
      }
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && /^(input|textarea|select)$/i.test(target.tagName)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      show();
    },
    true,
  );
  document.body.append(dialog);
  return {
    toggle() {
      if (dialog.open) {
        hide();
        return;
      }
      show();
    },
    isOpen: () => dialog.open,
  };
}
