// The deck on screen: reveal.js over the built slides, in the deck's theme, with the join box on
// the title slide. The projector window gives it keys; the console's preview frames (?receiver)
// show it without keys or controls.
import Reveal from 'reveal.js';
import RevealNotes from 'reveal.js/plugin/notes';
import 'reveal.js/reveal.css';
import { SLIDE_SIZE, type Deck, type SlidePosition } from '../server/deck/types.js';
import { CHART_RESIZED } from './chart.js';
import { buildDeck, type BuiltDeck, type DeckHandlers } from './deck-dom.js';
import { h } from './dom.js';
import { showToolsWhilePointerMoves } from './idle-controls.js';
import { joinBox } from './join-box.js';
import { keepFitted } from './slide-fit.js';
import { applyTheme } from './theme.js';

export type RevealApi = InstanceType<typeof Reveal>;

export interface DeckViewOptions {
  code: string;
  audienceUrl: string;
  handlers: DeckHandlers;
  /** Key code → action, replacing reveal.js's binding of that key (projector window only). */
  keyboard?: Record<number, (event: KeyboardEvent) => void>;
  /** A preview frame: no keys, no controls, no transitions. */
  receiver?: boolean;
}

export class DeckView {
  private constructor(
    readonly reveal: RevealApi,
    public built: BuiltDeck,
    public deck: Deck,
    private readonly options: DeckViewOptions,
  ) {}

  static async create(deck: Deck, options: DeckViewOptions): Promise<DeckView> {
    document.title = `${deck.meta.title} — Parley`;
    await applyTheme(deck.meta);
    const built = DeckView.build(deck, options);
    if (!options.receiver) showToolsWhilePointerMoves(document.documentElement);
    const receiver = options.receiver ?? false;
    const reveal: RevealApi = new Reveal(document.querySelector('.reveal') as HTMLElement, {
      hash: false,
      history: false,
      width: SLIDE_SIZE.width,
      height: SLIDE_SIZE.height,
      margin: 0.04,
      center: false,
      slideNumber: receiver ? false : 'h.v',
      controls: !receiver,
      progress: !receiver,
      transition: receiver ? 'none' : 'slide',
      // reveal.js turns narrow windows (a small preview frame) into a scrolling page: not here.
      scrollActivationWidth: 0,
      // Parley's own help (help.ts) lists every key; reveal.js's would list keys Parley rebinds.
      help: false,
      plugins: [RevealNotes],
      keyboard: receiver ? false : (options.keyboard ?? true),
      // A dialog (help, export menu, review of held answers) has the keyboard while it is open.
      keyboardCondition: () => document.querySelector('dialog[open]') === null,
    });
    await reveal.initialize();
    (window as unknown as { Reveal: RevealApi }).Reveal = reveal;
    DeckView.pinWrapper(document.querySelector('.reveal') as HTMLElement);
    // A poll's chart grew or shrank (revealed, rounds side by side, movement): fitted and centred again.
    const refit = keepFitted(
      document.querySelector('.reveal .slides') as HTMLElement,
      SLIDE_SIZE.height,
      () => reveal.getCurrentSlide(),
      () => reveal.layout(),
    );
    document.addEventListener(CHART_RESIZED, refit);
    reveal.on('slidechanged', refit);
    refit();
    return new DeckView(reveal, built, deck, options);
  }

  /**
   * Keeps the slides where reveal.js puts them. Tab onto a button of a slide that is still sliding
   * in (off to the side) makes the browser scroll reveal.js's wrapper to show it, which throws the
   * whole projected deck sideways; reveal.js only undoes that once a second. Undone at once here.
   */
  private static pinWrapper(wrapper: HTMLElement): void {
    wrapper.addEventListener('scroll', () => {
      if (wrapper.scrollLeft !== 0 || wrapper.scrollTop !== 0) wrapper.scrollTo(0, 0);
    });
  }

  private static build(deck: Deck, options: DeckViewOptions): BuiltDeck {
    const built = buildDeck(deck, document.querySelector('.reveal .slides') as HTMLElement, options.handlers);
    if (!options.receiver) {
      built.titleSection.append(joinBox(options.code, options.audienceUrl));
      const overlay = document.getElementById('join-overlay') as HTMLElement;
      overlay.replaceChildren(joinBox(options.code, options.audienceUrl, 'join-box-large'), h('p', { class: 'overlay-hint' }, 'Press J to close'));
    }
    return built;
  }

  /** The deck file changed (dev mode): new slides in place, on the slide the session is at. */
  async rebuild(deck: Deck, at: () => SlidePosition): Promise<void> {
    this.deck = deck;
    document.title = `${deck.meta.title} — Parley`;
    await applyTheme(deck.meta);
    this.built = DeckView.build(deck, this.options);
    this.reveal.sync();
    const { h: hIndex, v } = at();
    this.reveal.slide(hIndex, v);
  }

  position(): SlidePosition {
    const { h: hIndex, v } = this.reveal.getIndices();
    return { h: hIndex, v: v ?? 0 };
  }

  /** Shows `position` unless the deck is already there (no slidechanged then). */
  show(position: SlidePosition): void {
    const now = this.position();
    if (now.h !== position.h || now.v !== position.v) this.reveal.slide(position.h, position.v);
  }

  /** The poll on the slide on screen, if any. */
  currentPollId(): string | undefined {
    return this.reveal.getCurrentSlide()?.dataset.pollId;
  }
}
