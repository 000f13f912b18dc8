// The projector window's heads-up line: participants, the join code (or "Session ended"), the
// Export button and, on poll slides, the poll keys. Built once and updated in place, so that the
// button under the pointer is not replaced by the next tally.
import { h } from './dom.js';

export interface HudState {
  participants: number | null;
  onPollSlide: boolean;
  /** The deck names roles: K splits a chart by role. */
  roles: boolean;
  /** The slide's poll leads to branches: G, Shift+G and Shift+B apply. */
  branching: boolean;
  ended: boolean;
}

export function createHud(code: string, openExport: () => void): (state: HudState) => void {
  const hud = document.getElementById('hud') as HTMLElement;
  const people = h('span', {});
  const join = h('span', { class: 'hud-code' }, `Join: ${code}`);
  const ended = h('span', { class: 'hud-ended', 'data-testid': 'session-ended', hidden: true }, 'Session ended');
  const exportButton = h(
    'button',
    { type: 'button', class: 'hud-button', 'data-testid': 'export-button', title: 'Exports and End session (E)' },
    'Export',
  );
  exportButton.addEventListener('click', openExport);
  const keys = h('span', { class: 'hud-keys' });
  hud.replaceChildren(people, join, ended, exportButton, keys);
  return (state) => {
    if (state.participants === null) {
      people.className = 'hud-offline';
      people.removeAttribute('data-testid');
      people.removeAttribute('data-count');
      people.textContent = 'Reconnecting…';
    } else {
      people.className = '';
      people.dataset.testid = 'participants';
      people.dataset.count = String(state.participants);
      people.textContent = `${state.participants} connected`;
    }
    join.hidden = state.ended;
    ended.hidden = !state.ended;
    const branchKeys = state.branching ? ' · G branch · Shift+G next branch · Shift+B map' : '';
    keys.textContent = `O open/close · R reveal · V vote again · X reset${branchKeys}${state.roles ? ' · K by role' : ''} · J join · ? keys`;
    keys.hidden = !state.onPollSlide;
    hud.hidden = false;
  };
}
