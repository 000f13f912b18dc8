// A preview of one slide: the deck in a receiver frame (/present?…&receiver, no connection, no
// keys), moved with reveal.js's postMessage API once the frame says it is ready.
import type { SlidePosition } from '../server/deck/types.js';
import { h } from './dom.js';

export class SlideFrame {
  readonly el: HTMLIFrameElement;
  private ready = false;
  private wanted: SlidePosition | null = null;

  constructor(code: string, title: string, testId: string) {
    this.el = h('iframe', {
      class: 'slide-frame',
      src: `/present?session=${encodeURIComponent(code)}&receiver&postMessageEvents=true`,
      title,
      // A picture of the slide: nothing in it takes the focus or the pointer.
      tabindex: -1,
      'data-testid': testId,
    });
    window.addEventListener('message', (event) => {
      if (event.source !== this.el.contentWindow || event.origin !== location.origin || typeof event.data !== 'string') return;
      let message: { namespace?: string; eventName?: string };
      try {
        message = JSON.parse(event.data) as typeof message;
      } catch {
        return;
      }
      if (message.namespace === 'reveal' && message.eventName === 'ready') {
        this.ready = true;
        if (this.wanted) this.send(this.wanted);
      }
    });
  }

  show(position: SlidePosition): void {
    this.wanted = position;
    if (this.ready) this.send(position);
  }

  /** The deck changed (dev mode): the frame loads it again. */
  reload(): void {
    this.ready = false;
    this.el.contentWindow?.location.reload();
  }

  private send(position: SlidePosition): void {
    this.el.contentWindow?.postMessage(JSON.stringify({ method: 'slide', args: [position.h, position.v] }), location.origin);
  }
}
