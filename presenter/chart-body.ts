// What each kind of poll widget (bars, text answers, Q&A board) does inside the presenter's
// chart (chart.ts): its own module, so that the chart and the widgets import it without importing
// each other.
import type { Entry, Tally } from '../server/protocol.js';

/** What the type-specific part of a poll widget does. */
export interface ChartBody {
  readonly el: HTMLElement;
  setTally(tally: Tally): void;
  /** `text` and `qa`: entries added or changed (`replace`: this is every entry of the round). */
  setEntries?(entries: Entry[], replace: boolean): void;
  /** `text`: switch between the word cloud and the list of answers. */
  toggleView?(): void;
}
