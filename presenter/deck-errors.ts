// Dev mode: the deck file changed but does not parse. The old deck stays on screen; a banner
// lists the errors (file:line: message) until the next good version of the file arrives.
import type { DeckError } from '../server/deck/types.js';
import { formatDeckError } from '../server/deck/types.js';
import { h } from './dom.js';

export function deckErrorBanner(): { show(errors: DeckError[]): void; clear(): void } {
  const banner = h('div', { class: 'deck-errors', role: 'alert', 'data-testid': 'deck-errors', hidden: true });
  document.body.append(banner);
  return {
    show(errors) {
      banner.replaceChildren(
        h(
          'p',
          { class: 'deck-errors-title' },
          `The deck file has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; the slides stay as they were until it is fixed:`,
        ),
        h('ul', {}, ...errors.map((e) => h('li', {}, h('code', {}, formatDeckError(e))))),
      );
      banner.hidden = false;
    },
    clear() {
      banner.hidden = true;
      banner.replaceChildren();
    },
  };
}
