// The presenter console's keys: the deck's moves and poll keys, sent through the server.

export interface ConsoleKeyActions {
  step(by: number): void;
  first(): void;
  last(): void;
  control(action: 'toggle-open' | 'toggle-reveal' | 'reset' | 'again'): void;
  /** M: the movement view of the poll voted on again. */
  movement(): void;
  /** K: the chart split by role (a deck with roles). */
  split(): void;
  mostChosen(): void;
  /** Shift+G: the next branch not visited yet, in vote order; then back to the fork. */
  nextBranch(): void;
  branch(n: number): void;
}

/**
 * The deck's keys in the console. Clicker keys (Page Up/Down, arrows) move the deck wherever the
 * focus is, except inside a text field; Space and Enter keep pressing the focused button.
 */
export function consoleKeys(actions: ConsoleKeyActions): void {
  document.addEventListener('keydown', (event) => {
    // A clicker's "start presentation" (F5) must not reload the console mid-session.
    if (event.key === 'F5' && !event.ctrlKey) {
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
    const target = event.target as HTMLElement;
    const inField = /^(input|textarea|select)$/i.test(target.tagName);
    const onControl = inField || /^(button|a|summary)$/i.test(target.tagName);
    const key = event.key;
    let done = true;
    if (key === 'PageDown' || (!inField && (key === 'ArrowRight' || key === 'ArrowDown' || key === 'n' || key === 'N'))) actions.step(1);
    else if (key === 'PageUp' || (!inField && (key === 'ArrowLeft' || key === 'ArrowUp' || key === 'p' || key === 'P'))) actions.step(-1);
    else if (key === ' ' && !onControl) actions.step(event.shiftKey ? -1 : 1);
    else if (inField) done = false;
    else if (key === 'Home') actions.first();
    else if (key === 'End') actions.last();
    else if (key === 'o' || key === 'O') actions.control('toggle-open');
    else if (key === 'r' || key === 'R') actions.control('toggle-reveal');
    else if (key === 'x' || key === 'X') actions.control('reset');
    else if (key === 'v' || key === 'V') actions.control('again');
    else if (key === 'm' || key === 'M') actions.movement();
    else if (key === 'k' || key === 'K') actions.split();
    else if (key === 'G' && event.shiftKey) actions.nextBranch();
    else if (key === 'g' || key === 'G') actions.mostChosen();
    else if (/^[1-9]$/.test(key)) actions.branch(Number(key));
    else done = false;
    if (done) event.preventDefault();
  });
}
