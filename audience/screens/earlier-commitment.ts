// A follow-up session: the card that shows a phone which took part in the earlier session its own
// commitment there — the step it chose and its own words — on the waiting screen, and above the
// poll until it has answered one here. Only this phone's own answers (JoinResult.followUp), drawn
// as text. Loaded only in a follow-up session, with its words (locales/earlier-commitment.ts).
import './earlier-commitment.css';
import type { FollowUp } from '../../server/protocol.js';
import { h } from '../dom.js';
import { lang } from '../i18n.js';
import { EARLIER_COMMITMENT } from '../locales/earlier-commitment.js';
import type { PageState } from '../state.js';

/** Whether a follow-up has a commitment of this phone to show. */
export function hasEarlierCommitment(followUp: FollowUp | null): followUp is FollowUp {
  return !!followUp?.linked && (followUp.step !== undefined || (followUp.words?.length ?? 0) > 0);
}

/** The card, or null when there is nothing to show. */
export function earlierCommitmentCard(followUp: FollowUp | null): HTMLElement | null {
  if (!hasEarlierCommitment(followUp)) return null;
  const words = EARLIER_COMMITMENT[lang];
  const { earlier, step } = followUp;
  const date = earlier && new Date(earlier.startedAt).toLocaleDateString(lang, { day: 'numeric', month: 'long', year: 'numeric' });
  return h(
    'section',
    { class: 'earlier-commitment', 'data-testid': 'earlier-commitment', 'aria-labelledby': 'earlier-commitment-title' },
    h('h2', { id: 'earlier-commitment-title' }, words.title),
    earlier && date && h('p', { class: 'commitment-from', 'data-testid': 'earlier-commitment-from' }, words.from(earlier.title, date)),
    step && h('p', { class: 'commitment-step', 'data-testid': 'earlier-commitment-step' }, step.label),
    ...(followUp.words ?? []).map((text) =>
      h('p', { class: 'commitment-words', 'data-testid': 'earlier-commitment-words' }, `${words.yourWords} “${text}”`),
    ),
    h('p', { class: 'commitment-note' }, words.onlyYou),
  );
}

/**
 * Puts the card under the screen's top bar: on the waiting screen, and on a poll's screen while
 * this phone has answered nothing in this session yet (the first poll).
 */
export function withEarlierCommitment(screen: HTMLElement, s: PageState): HTMLElement {
  const onPoll = !!s.session?.poll;
  if (onPoll && s.answers.size > 0) return screen;
  const card = earlierCommitmentCard(s.followUp);
  if (card) screen.firstElementChild?.after(card);
  return screen;
}
