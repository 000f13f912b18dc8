// A slide of a self-paced session: where it is in the deck, its own content as the server rendered
// it (never the speaker notes), its poll inline with the status line and the results, and
// Previous/Next along this participant's own path.
import type { PhoneSlide, SelfPacedDeck } from '../../../server/protocol.js';
import { h } from '../../dom.js';
import { lang } from '../../i18n.js';
import { PACED_WORDS } from '../../locales/paced-words.js';
import type { PacedDispatch } from '../messages.js';
import { currentPoll, nextOf, type PacedModel, type PacedStatus, pollClosed } from '../model.js';
import { branching } from '../nav.js';
import { boardOf } from './board.js';
import { pollForm } from './poll.js';
import { resultsView } from './results.js';
import { topBar } from './top.js';

const statusText = (status: PacedStatus): string => (status.kind === 'refused' ? status.message : PACED_WORDS[lang][status.kind]);

/** `closedNote`: why the session takes no answers now (null: it does). */
export function slideScreen(
  m: PacedModel,
  deck: SelfPacedDeck,
  current: PhoneSlide,
  closedNote: string | null,
  dispatch: PacedDispatch,
): HTMLElement {
  const words = PACED_WORDS[lang];
  const { place, status } = m;
  const poll = currentPoll(m);
  // The Phone view shows the controls as participants see them, but off: it answers nothing.
  const shut = poll !== undefined && pollClosed(m, poll.id);
  const open = closedNote === null && !m.watching && !shut;
  const next = nextOf(m);
  const mustAnswer = next === null && branching(deck, current.pollId) && !m.answers.has(current.pollId ?? '');
  const body = h('div', { class: 'paced-slide', 'data-testid': 'paced-slide' });
  // Trusted deck content, rendered by the server from the deck's Markdown (raw HTML escaped), without notes.
  body.innerHTML = current.html;
  return h(
    'section',
    { class: 'screen paced', 'data-testid': 'paced-screen', 'data-slide': current.id ?? `${current.position.h}.${current.position.v}` },
    topBar(m),
    h('p', { class: 'paced-where', id: 'paced-where', tabindex: -1 }, `${words.selfPaced} · ${words.slideOf(place.at + 1, deck.slides.length)}`),
    m.watching && h('p', { class: 'banner', 'data-testid': 'paced-watching' }, words.watching),
    closedNote && h('p', { class: 'banner', 'data-testid': 'paced-closed' }, closedNote),
    body,
    poll && pollForm(m, poll, open, dispatch),
    shut && closedNote === null && h('p', { class: 'hint', 'data-testid': 'paced-poll-closed' }, words.pollClosed),
    poll?.type === 'qa' && boardOf(m, poll.id, open, dispatch),
    poll && resultsView(m, poll),
    poll &&
      status?.pollId === poll.id &&
      h(
        'p',
        { class: `status${status.kind === 'refused' || status.kind === 'notSent' ? ' error' : ''}`, role: 'status', 'data-testid': 'paced-status' },
        statusText(status),
      ),
    mustAnswer && h('p', { class: 'hint', 'data-testid': 'answer-to-continue' }, words.answerToContinue),
    next === null && !mustAnswer && h('p', { class: 'paced-end', 'data-testid': 'paced-end' }, words.end),
    h(
      'nav',
      { class: 'paced-nav' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-testid': 'paced-previous',
          disabled: place.back.length === 0,
          onclick: () => dispatch({ type: 'go', to: 'previous' }),
        },
        `← ${words.previous}`,
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-testid': 'paced-next',
          disabled: next === null,
          onclick: () => dispatch({ type: 'go', to: 'next' }),
        },
        `${words.next} →`,
      ),
    ),
  );
}
