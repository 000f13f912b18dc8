// A warning the facilitator cannot miss, on the console and the projector alike: the server is
// not saving answers (a full or read-only disk, a lock, Redis away). Phones are refused, never
// told "recorded", while it shows; it goes away by itself once saving works again.
import type { StorageStatus } from '../server/protocol.js';
import { h } from './dom.js';
import { toast } from './ui.js';

export function storageWarning(): { show(status: StorageStatus): void } {
  const banner = h('div', { class: 'storage-warning', role: 'alert', 'data-testid': 'storage-warning', hidden: true });
  document.body.append(banner);
  return {
    show(status) {
      if (status.saving) {
        if (!banner.hidden) toast('Answers are being saved again.', 5000);
        banner.hidden = true;
        return;
      }
      banner.replaceChildren(
        h('strong', {}, `Answers are not being saved: ${status.problem ?? 'the store refuses writes'}.`),
        h('span', {}, ' Phones are asked to try again; Parley keeps trying, and this goes away once saving works.'),
      );
      banner.hidden = false;
    },
  };
}
