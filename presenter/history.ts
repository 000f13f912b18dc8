// The session history on the start page: live and ended sessions, newest first, with their
// report, exports, end and delete, and a side-by-side report of several sessions of one deck.
import { h } from './dom.js';
import { deleteSession, downloadExport, endSession, EXPORTS, listSessions, openReport, type ExportFormat, type SessionLine } from './downloads.js';
import { type DeckChoice, followUpPicker } from './follow-up.js';
import { selfPacedCounts } from './self-paced.js';

/** The Export menu's entry that opens the session's handout instead of downloading a file. */
const HANDOUT = 'handout';

const HEAD = ['Compare', 'Code', 'Deck', 'Started', 'State', 'People', 'Answers', 'Actions'];

const STARTED = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `decks`: what an ended session can be followed up with ("Follow-up…"). */
export async function sessionHistory(key: string, report: (message: string) => void, decks: readonly DeckChoice[] = []): Promise<HTMLElement> {
  const container = h('section', { 'data-testid': 'session-history', class: 'history', 'aria-labelledby': 'history-title' });
  // Focusable from script only: where the keyboard focus goes when the last session is deleted.
  const title = h('h2', { id: 'history-title', tabindex: -1 }, 'Sessions');

  const refresh = async (): Promise<void> => {
    const focus = focusedRow(container);
    let sessions: SessionLine[];
    try {
      sessions = await listSessions(key);
    } catch (err) {
      container.replaceChildren(title, h('p', { class: 'panel-error', role: 'alert' }, (err as Error).message));
      return;
    }
    container.replaceChildren(title, sessions.length ? table(sessions) : h('p', { class: 'panel-hint' }, 'No sessions yet.'));
    if (focus) restoreFocus(container, title, focus);
  };
  /** Runs a row action; a refusal shows the server's message in the toast. */
  const run = (task: () => Promise<unknown>): void => {
    task().catch((err: unknown) => report(err instanceof Error ? err.message : 'That did not work; try again.'));
  };

  const table = (sessions: SessionLine[]): HTMLElement => {
    const picked = new Set<string>();
    const compare = h('button', { type: 'button', class: 'history-compare', disabled: true, 'data-testid': 'compare-reports' }, 'Compare reports');
    const compareHint = h('span', { class: 'panel-hint', 'aria-live': 'polite' });
    const updateCompare = (): void => {
      const decks = new Set(sessions.filter((s) => picked.has(s.code)).map((s) => s.deck));
      const valid = picked.size >= 2 && decks.size === 1;
      compare.disabled = !valid;
      compareHint.textContent =
        decks.size > 1
          ? 'Only sessions of the same deck can be compared.'
          : valid
            ? `${picked.size} sessions side by side in one report.`
            : 'Tick two or more sessions of the same deck to compare them.';
    };
    compare.addEventListener('click', () =>
      run(() =>
        openReport(
          key,
          sessions.filter((s) => picked.has(s.code)).map((s) => s.code),
        ),
      ),
    );
    updateCompare();

    const rows = sessions.flatMap((s) => {
      const pick = h('input', { type: 'checkbox', class: 'history-pick', 'data-testid': `pick-${s.code}`, 'aria-label': `Compare ${s.code}` });
      pick.addEventListener('change', () => {
        if (pick.checked) picked.add(s.code);
        else picked.delete(s.code);
        updateCompare();
      });

      const formats = h(
        'select',
        { class: 'history-export act-export', 'aria-label': `Export ${s.code}`, 'data-testid': `export-${s.code}` },
        h('option', { value: '' }, 'Export…'),
        ...EXPORTS.map((e) => h('option', { value: e.format }, e.label)),
        h('option', { value: HANDOUT }, 'Handout with results (print or PDF)'),
      );
      formats.addEventListener('change', () => {
        const format = formats.value as ExportFormat | typeof HANDOUT | '';
        formats.value = '';
        // The deck as participants take it home, with what this room was shown (/handout, a page to print).
        if (format === HANDOUT) window.open(`/handout/${encodeURIComponent(s.deck)}?session=${encodeURIComponent(s.code)}`, '_blank');
        else if (format) run(() => downloadExport(key, [s.code], format));
      });

      const reportButton = h('button', { type: 'button', class: 'act-report', 'data-testid': `report-${s.code}` }, 'Report');
      reportButton.addEventListener('click', () => run(() => openReport(key, [s.code])));

      const actions = h('div', { class: 'history-actions' });
      if (s.live) {
        actions.append(
          h(
            'a',
            { href: `/present?session=${encodeURIComponent(s.code)}`, class: 'history-present act-present', 'data-testid': `present-${s.code}` },
            'Present',
          ),
        );
      }
      actions.append(reportButton, formats);
      // An ended session can be followed up, weeks later (presenter/follow-up.ts).
      if (!s.live && decks.length) actions.append(followUpPicker(key, s.code, s.deck, decks, report));
      if (s.live) {
        const end = h('button', { type: 'button', class: 'act-end', 'data-testid': `end-${s.code}` }, 'End');
        end.addEventListener('click', () => {
          if (!confirm(`End session ${s.code}?\n\nEvery poll closes for good and phones can no longer vote. The results stay available for export.`))
            return;
          run(async () => {
            await endSession(key, s.code);
            await refresh();
          });
        });
        actions.append(end);
      }
      const remove = h('button', { type: 'button', class: 'danger act-delete', 'data-testid': `delete-${s.code}` }, 'Delete');
      remove.addEventListener('click', () => {
        const sure = confirm(
          `Delete session ${s.code} (“${s.title}”)?\n\nEverything in it is deleted for good: every answer and every result. This cannot be undone.`,
        );
        if (!sure) return;
        run(async () => {
          await deleteSession(key, s.code);
          report(`Session ${s.code} deleted.`);
          await refresh();
        });
      });
      actions.append(remove);

      const started = new Date(s.startedAt);
      const row = h(
        'tr',
        { 'data-code': s.code, class: s.live ? 'is-live' : 'is-ended' },
        h('td', {}, pick),
        h('td', { class: 'history-code' }, s.code),
        h(
          'td',
          { class: 'history-deck' },
          s.title,
          s.followUpOf ? h('span', { class: 'panel-hint' }, ` · follow-up of ${s.followUpOf}`) : null,
          s.selfPaced ? h('span', { class: 'panel-hint' }, ' · self-paced') : null,
        ),
        h('td', { class: 'history-date' }, h('time', { datetime: s.startedAt }, STARTED.format(started))),
        h('td', {}, h('span', { class: s.live ? 'state state-live' : 'state state-ended' }, s.live ? 'live' : 'ended')),
        h('td', { class: 'num' }, String(s.participants)),
        h('td', { class: 'num' }, String(s.answers)),
        h('td', {}, actions),
      );
      // A self-paced session's window and responses per poll: a line of its own under its row, the table's width.
      if (!s.selfPaced) return [row];
      return [
        row,
        h('tr', { class: 'history-detail' }, h('td', {}), h('td', { colspan: HEAD.length - 1 }, selfPacedCounts(key, s.code, s.selfPaced, s.live))),
      ];
    });

    return h(
      'div',
      {},
      h(
        'div',
        { class: 'history-scroll' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...HEAD.map((t, i) =>
                // The checkbox and action columns explain themselves; their names are for screen readers.
                h('th', { scope: 'col', class: i === 5 || i === 6 ? 'num' : undefined }, i === 0 || i === 7 ? h('span', { class: 'sr-only' }, t) : t),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
      h('div', { class: 'history-footer' }, compare, compareHint),
    );
  };

  await refresh();
  return container;
}

interface RowFocus {
  code: string;
  testId: string;
  index: number;
}

/** The history row control that has the keyboard focus, if any. */
function focusedRow(container: HTMLElement): RowFocus | null {
  const el = document.activeElement;
  const row = el instanceof HTMLElement && container.contains(el) ? el.closest<HTMLElement>('tr[data-code]') : null;
  if (!row || !el) return null;
  return {
    code: row.dataset.code!,
    testId: el.getAttribute('data-testid') ?? '',
    index: [...row.parentElement!.querySelectorAll('tr[data-code]')].indexOf(row),
  };
}

/**
 * After the table is rebuilt (a session ended or deleted), the focus goes back to the same control
 * of the same session; to its Report button when that control is gone (End, once ended); to the
 * row now in its place when the session is gone (deleted); to the heading when no row is left.
 * Without this a keyboard user would start again from the top of the page after every action.
 */
function restoreFocus(container: HTMLElement, title: HTMLElement, focus: RowFocus): void {
  const rows = [...container.querySelectorAll<HTMLElement>('tbody tr[data-code]')];
  const same = rows.find((r) => r.dataset.code === focus.code);
  const target =
    (same && (same.querySelector<HTMLElement>(`[data-testid="${CSS.escape(focus.testId)}"]`) ?? same.querySelector<HTMLElement>('.act-report'))) ??
    rows[Math.min(focus.index, rows.length - 1)]?.querySelector<HTMLElement>('.act-report') ??
    title;
  target.focus();
}
