// The discussion timer ("Discuss with your neighbour: 2 min"): a countdown the presenter runs on
// any slide. The console starts, extends and stops it; the projector shows it in a corner and
// "Time" when it runs out (on the slide it was started on: discussionShown), with a soft tone if the
// console's "Sound when time is up" is ticked (off by default; kept in this browser, which the
// projector window shares). The server keeps the timer; nothing here changes it but the buttons.
import type { Slide, SlidePosition } from '../server/deck/types.js';
import { discussionShown, type SlideTimer } from '../server/protocol.js';
import { h } from './dom.js';
import { Countdown, TimerControls, timerLength } from './timer.js';

const SOUND_KEY = 'parley:discussion-sound';

/** Whether the projector plays a tone when a discussion timer runs out (off unless the console turned it on). */
function soundOn(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

/** A soft two-note chime, made by the Web Audio API (no audio file). */
function chime(): void {
  const Context = window.AudioContext;
  if (!Context) return;
  const audio = new Context();
  const start = audio.currentTime;
  for (const [i, frequency] of [660, 880].entries()) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    const at = start + i * 0.35;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.12, at + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 1.25);
  }
  setTimeout(() => void audio.close(), 2000);
}

/** The console's discussion timer: the deck's offer first ("Discuss 2 min"), then +30 s, 1 min, 2 min, a length, Stop, and the sound setting. */
export class DiscussionControls {
  readonly el: HTMLElement;
  private controls: TimerControls | null = null;
  private offer: number | undefined = -1;
  private timer: SlideTimer | undefined;

  constructor(private readonly start: (seconds: number | null) => Promise<void>) {
    this.el = h('div', { class: 'console-discussion', 'data-testid': 'console-discussion' });
  }

  /** The slide on screen (its `discuss` offer) and the timer as the server last sent it. */
  show(slide: Slide | undefined, timer: SlideTimer | undefined): void {
    this.timer = timer;
    if (!this.controls || this.offer !== slide?.discuss) {
      this.offer = slide?.discuss;
      const offer = this.offer;
      this.controls = new TimerControls(
        {
          name: 'discuss',
          heading: 'Discussion timer',
          countdownId: 'discuss-countdown',
          seconds: offer ?? 120,
          done: 'Time',
          label: 'Other length (s)',
          ...(offer === undefined ? {} : { offer: { label: `Discuss ${timerLength(offer)}`, seconds: offer } }),
        },
        this.start,
      );
      const sound = h('input', { type: 'checkbox', id: 'discuss-sound', 'data-testid': 'discuss-sound' });
      sound.checked = soundOn();
      sound.addEventListener('change', () => {
        try {
          localStorage.setItem(SOUND_KEY, sound.checked ? 'on' : 'off');
        } catch {
          // Storage refused (private mode): the projector stays silent.
        }
      });
      this.el.replaceChildren(
        this.controls.el,
        h('p', { class: 'console-hint' }, sound, ' ', h('label', { for: 'discuss-sound' }, 'Sound on the projector when time is up')),
      );
    }
    this.controls.show(
      this.timer,
      this.timer
        ? 'On the projector and the phones; it runs on if you move to another slide.'
        : 'A countdown for the room, on any slide: on the projector and the phones.',
    );
  }
}

/** The projector's discussion countdown, in a corner of the slide: "Discuss 1:23", then "Time". */
export class DiscussionClock {
  readonly el: HTMLElement;
  private readonly countdown = new Countdown('discussion-countdown', 'discussion-countdown', 'Time', () => this.ended());
  private timer: SlideTimer | null = null;
  private slide: SlidePosition = { h: 0, v: 0 };

  constructor() {
    this.el = h('div', { class: 'discussion-clock', 'data-testid': 'discussion-clock', hidden: true }, this.countdown.el);
  }

  set(timer: SlideTimer | null | undefined): void {
    this.timer = timer ?? null;
    this.countdown.set(timer ?? undefined);
    this.refresh();
  }

  setSlide(slide: SlidePosition): void {
    this.slide = slide;
    this.refresh();
  }

  private ended(): void {
    this.refresh();
    if (soundOn() && this.timer && discussionShown(this.timer, 0, this.slide)) chime();
  }

  private refresh(): void {
    const left = this.countdown.remainingMs();
    this.el.hidden = !this.timer || left === null || !discussionShown(this.timer, left, this.slide);
  }
}
