// What the text-answer and Q&A widgets share: the entries of the current round, the moderation
// buttons, and the review dialog for answers that are not on screen (held by the word filter or
// hidden). Held and hidden text never appears in the projected widget itself — only in the
// review dialog, which the presenter opens on purpose.
import type { Entry, ModerateAction } from '../server/protocol.js';
import { h } from './dom.js';

export type Moderate = (entryId: string, action: ModerateAction) => void;

/** The entries of one poll's current round, by id, in the order they were sent. */
export class EntryStore {
  private readonly byId = new Map<string, Entry>();

  apply(entries: Entry[], replace: boolean): void {
    if (replace) this.byId.clear();
    for (const entry of entries) this.byId.set(entry.id, entry);
  }

  shown(): Entry[] {
    return [...this.byId.values()].filter((e) => e.status === 'shown');
  }

  offScreen(): Entry[] {
    return [...this.byId.values()].filter((e) => e.status !== 'shown');
  }
}

/**
 * Re-renders a list of entries (`render` replaces its rows) without losing the keyboard focus: a
 * row's button that had it (Answered, Hide…) hands it to the same entry's button at the same place
 * in its row ("Not answered" after "Answered"), wherever the row moved. When that entry left the
 * list (hidden), the row now at its place takes it, else the last row. Without this every new
 * answer, upvote or moderation would drop a keyboard user's focus back to the top of the page.
 */
export function keepingFocus(list: HTMLElement, render: () => void): void {
  const focused = document.activeElement;
  const row = focused instanceof HTMLElement && list.contains(focused) ? focused.closest<HTMLElement>('[data-entry-id]') : null;
  if (!row || !focused) {
    render();
    return;
  }
  const buttons = (r: Element): HTMLElement[] => [...r.querySelectorAll<HTMLElement>('button')];
  const place = buttons(row).indexOf(focused as HTMLElement);
  const rowIndex = [...list.children].indexOf(row);
  render();
  const rows = [...list.querySelectorAll<HTMLElement>(':scope > [data-entry-id]')];
  const target = rows.find((r) => r.dataset.entryId === row.dataset.entryId) ?? rows[Math.min(rowIndex, rows.length - 1)];
  if (!target) return;
  const targetButtons = buttons(target);
  targetButtons[Math.min(Math.max(place, 0), targetButtons.length - 1)]?.focus();
}

export function moderationButton(entry: Entry, action: ModerateAction, label: string, moderate: Moderate): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'entry-button', 'data-testid': `${action}-${entry.id}`, 'aria-label': `${label}: ${entry.text}` },
    label,
  );
  button.addEventListener('click', () => moderate(entry.id, action));
  return button;
}

/**
 * The "2 held for review · 1 hidden" button under a widget and its dialog, which lists those
 * entries with Show and Hide. Call `update` whenever the entries change.
 */
export class ReviewQueue {
  readonly button: HTMLButtonElement;
  private readonly dialog: HTMLDialogElement;
  private readonly list: HTMLElement;
  private entries: Entry[] = [];

  constructor(
    pollId: string,
    private readonly moderate: Moderate,
  ) {
    this.button = h('button', { type: 'button', class: 'review-button', 'data-testid': `review-${pollId}`, hidden: true });
    this.list = h('ul', { class: 'review-list' });
    const close = h('button', { type: 'button', class: 'export-close', 'aria-label': 'Close' }, '×');
    this.dialog = h(
      'dialog',
      { class: 'export-menu review-dialog', 'data-testid': `review-dialog-${pollId}`, 'aria-labelledby': `review-title-${pollId}` },
      close,
      h('h2', { id: `review-title-${pollId}` }, 'Not on screen'),
      h(
        'p',
        { class: 'export-hint' },
        'Held answers matched the word filter. Show puts one on screen; Hide keeps it off (it stays in the export, flagged).',
      ),
      this.list,
    );
    close.addEventListener('click', () => this.dialog.close());
    this.button.addEventListener('click', () => {
      this.render();
      document.body.append(this.dialog);
      this.dialog.showModal();
    });
  }

  update(entries: Entry[]): void {
    this.entries = entries;
    const held = entries.filter((e) => e.status === 'held').length;
    const hidden = entries.length - held;
    const parts = [held ? `${held} held for review` : '', hidden ? `${hidden} hidden` : ''].filter(Boolean);
    this.button.hidden = parts.length === 0;
    this.button.textContent = parts.join(' · ');
    this.button.dataset.held = String(held);
    if (this.dialog.open) this.render();
  }

  private render(): void {
    keepingFocus(this.list, () => this.renderList());
  }

  private renderList(): void {
    if (this.entries.length === 0) {
      this.list.replaceChildren(h('li', { class: 'export-hint' }, 'Nothing is held or hidden.'));
      return;
    }
    this.list.replaceChildren(
      ...this.entries.map((entry) =>
        h(
          'li',
          { class: 'review-item', 'data-status': entry.status, 'data-entry-id': entry.id },
          h('span', { class: 'review-text' }, entry.text),
          h('span', { class: 'entry-tag' }, entry.status === 'held' ? 'held' : 'hidden'),
          moderationButton(entry, 'show', 'Show', this.moderate),
          entry.status === 'held' ? moderationButton(entry, 'hide', 'Hide', this.moderate) : null,
        ),
      ),
    );
  }
}
