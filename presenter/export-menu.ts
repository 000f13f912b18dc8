// The export menu of the live deck (key E, or the HUD's Export button): every export format as a
// download, the report in a new tab, and "End session". A modal <dialog>: while it is open the
// deck ignores its keys (see keyboardCondition in main.ts), and Esc or E close it.
import { h } from './dom.js';
import { downloadExport, endSession, EXPORTS, openReport, type ExportFormat } from './downloads.js';

const FORMAT_HINTS: Record<ExportFormat, string> = {
  'responses.csv': 'one row per participant and poll',
  'summary.csv': 'counts and percentages per option',
  xlsx: 'Summary and Responses sheets',
  json: 'everything, for other tools',
  html: 'the report as a file',
};

export interface ExportMenu {
  toggle(): void;
  close(): void;
  /** The session has ended (from this menu, another window, or before the page opened). */
  setEnded(): void;
}

export function exportMenu(key: string, code: string, toast: (text: string) => void, onEnded: () => void = () => {}): ExportMenu {
  let ended = false;
  const status = h('p', { class: 'export-status', role: 'status', 'data-testid': 'export-status' });
  const endBox = h('div', { class: 'export-end' });

  /**
   * Runs one action of the menu: its button waits, the outcome shows under the buttons. The button
   * is marked busy (aria-disabled), not disabled: a disabled button loses the keyboard focus, which
   * would leave a keyboard user on the page behind the menu.
   */
  const run = async (button: HTMLButtonElement, working: string, task: () => Promise<string>): Promise<void> => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    status.dataset.kind = 'busy';
    status.textContent = working;
    try {
      status.textContent = await task();
      status.dataset.kind = 'ok';
    } catch (err) {
      const message = err instanceof Error ? err.message : 'That did not work; try again.';
      status.textContent = message;
      status.dataset.kind = 'error';
      toast(message);
    } finally {
      button.removeAttribute('aria-disabled');
    }
  };

  const renderEnd = (): void => {
    if (ended) {
      // The End button goes away: a keyboard user's focus stays in the menu, not on the page behind.
      const hadFocus = endBox.contains(document.activeElement);
      endBox.replaceChildren(
        h('p', { class: 'export-ended', 'data-testid': 'menu-ended' }, 'This session has ended: the exports hold its final results.'),
      );
      if (hadFocus) closeButton.focus();
      return;
    }
    const endButton = h('button', { type: 'button', class: 'export-button export-danger', 'data-testid': 'end-session' }, 'End session');
    endButton.addEventListener('click', () => {
      if (endButton.getAttribute('aria-disabled') === 'true') return;
      const sure = confirm(
        `End session ${code}?\n\nEvery poll closes for good and phones can no longer vote. The results stay available for export.`,
      );
      if (!sure) return;
      void run(endButton, 'Ending the session…', async () => {
        await endSession(key, code);
        menu.setEnded();
        onEnded();
        return 'The session has ended.';
      });
    });
    endBox.replaceChildren(endButton, h('span', { class: 'export-hint' }, 'closes every poll for good; phones say thank you'));
  };

  const closeButton = h('button', { type: 'button', class: 'export-close', 'aria-label': 'Close' }, '×');
  const reportButton = h('button', { type: 'button', class: 'export-button export-primary', 'data-testid': 'open-report' }, 'Open report');
  reportButton.addEventListener('click', () => {
    void run(reportButton, 'Opening the report…', async () => {
      await openReport(key, [code]);
      return 'The report opened in a new tab.';
    });
  });
  // Off by default, and unticked each time the menu opens: linking a participant's answers across
  // polls is what lets a few answers together point at one person (the server's export/linked.ts).
  const linkedBox = h('input', {
    type: 'checkbox',
    id: 'export-linked',
    'aria-describedby': 'export-linked-warning',
    'data-testid': 'export-linked',
  });
  const linkedWarning = h(
    'p',
    { class: 'export-warning', id: 'export-linked-warning', hidden: true },
    'Linked: one pseudonym follows each participant through every poll, so several answers together can identify someone. Keep the file as you would a list of names. Answers held by fewer than the privacy floor, times and text are left out.',
  );
  linkedBox.addEventListener('change', () => {
    linkedWarning.hidden = !linkedBox.checked;
  });
  const linkedOption = h(
    'div',
    { class: 'export-linked' },
    h('label', { for: 'export-linked' }, linkedBox, ' Link each participant across polls (responses, Excel, JSON)'),
    linkedWarning,
  );
  const list = h('ul', { class: 'export-list', 'aria-label': 'Downloads' });
  for (const { format, label } of EXPORTS) {
    const button = h('button', { type: 'button', class: 'export-button', 'data-testid': `export-${format}` }, label);
    button.addEventListener('click', () => {
      void run(button, `Preparing ${label}…`, async () => `Saved ${await downloadExport(key, [code], format, linkedBox.checked)}`);
    });
    list.append(h('li', {}, button, h('span', { class: 'export-hint' }, FORMAT_HINTS[format])));
  }

  const dialog = h(
    'dialog',
    { class: 'export-menu', role: 'dialog', 'aria-labelledby': 'export-title', 'data-testid': 'export-menu' },
    h('div', { class: 'export-head' }, h('h2', { id: 'export-title' }, 'Export ', h('span', { class: 'export-code' }, code)), closeButton),
    h('p', { class: 'export-intro' }, 'Every answer recorded so far, as often as you like — during the session or after it.'),
    h('div', { class: 'export-report' }, reportButton, h('span', { class: 'export-hint' }, 'charts in a new tab, ready to print')),
    h('h3', {}, 'Download'),
    linkedOption,
    list,
    endBox,
    status,
    h('p', { class: 'export-foot' }, h('kbd', {}, 'Esc'), ' or ', h('kbd', {}, 'E'), ' closes this menu'),
  );

  const close = (): void => {
    if (dialog.open) dialog.close();
  };
  closeButton.addEventListener('click', close);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  // Esc and E close the menu wherever the focus is, before the deck sees the key.
  window.addEventListener(
    'keydown',
    (event) => {
      if (!dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape' || event.key === 'e' || event.key === 'E') {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    },
    true,
  );
  // A click on the dimmed backdrop closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) close();
  });
  renderEnd();
  document.body.append(dialog);

  const menu: ExportMenu = {
    toggle() {
      if (dialog.open) {
        close();
        return;
      }
      status.textContent = '';
      delete status.dataset.kind;
      linkedBox.checked = false;
      linkedWarning.hidden = true;
      dialog.showModal();
      reportButton.focus();
    },
    close,
    setEnded() {
      if (ended) return;
      ended = true;
      renderEnd();
    },
  };
  return menu;
}
