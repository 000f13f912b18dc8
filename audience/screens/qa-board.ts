// A Q&A board on a phone: everyone's questions (shown ones, most upvoted first), the participant's
// own marked, each with its upvote button. The live page's text screen and the self-paced page
// both draw it. Participant text only ever goes in as text.
import type { BoardEntry } from '../../server/protocol.js';
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { TEXT_WORDS } from '../locales/text-words.js';
import './text.css';

export interface BoardInput {
  questions: readonly BoardEntry[];
  /** This participant's own questions (not theirs to upvote). */
  own: ReadonlySet<string>;
  upvoted: ReadonlySet<string>;
  /** Upvotes on their way. */
  busy: ReadonlySet<string>;
  /** Whether upvotes are taken now. */
  open: boolean;
  upvote: (entryId: string, up: boolean) => void;
}

export function qaBoard({ questions, own, upvoted, busy, open, upvote }: BoardInput): HTMLElement {
  const w = TEXT_WORDS[lang];
  return h(
    'section',
    { class: 'board', 'aria-labelledby': 'board-title' },
    h('h2', { id: 'board-title' }, t.questions, questions.length ? h('span', { class: 'board-count' }, ` (${questions.length})`) : null),
    questions.length === 0 ? h('p', { class: 'empty' }, open ? w.noQuestionsYet : w.noQuestions) : null,
    h(
      'ol',
      { class: 'board-list', 'data-testid': 'qa-board' },
      ...questions.map((q) => {
        const mine = own.has(q.id);
        const pressed = upvoted.has(q.id);
        const votesId = `votes-${q.id}`;
        return h(
          'li',
          {
            class: `qa-question${q.answered ? ' answered' : ''}${mine ? ' own' : ''}`,
            'data-testid': 'qa-question',
            'data-entry-id': q.id,
            'data-votes': q.votes,
          },
          h(
            'div',
            { class: 'qa-main' },
            h('p', { class: 'qa-text' }, q.text),
            q.answered || mine
              ? h(
                  'p',
                  { class: 'qa-tags' },
                  q.answered ? h('span', { class: 'tag answered-tag' }, w.answeredTag) : null,
                  mine ? h('span', { class: 'tag own-tag' }, w.yourQuestion) : null,
                )
              : null,
          ),
          h(
            'button',
            {
              type: 'button',
              class: `upvote${pressed ? ' pressed' : ''}${busy.has(q.id) ? ' busy' : ''}`,
              id: `upvote-${q.id}`,
              'data-testid': `upvote-${q.id}`,
              'aria-pressed': pressed ? 'true' : 'false',
              'aria-label': t.upvote(q.text),
              'aria-describedby': votesId,
              disabled: mine || !open,
              onclick: () => upvote(q.id, !pressed),
            },
            h('span', { class: 'arrow', 'aria-hidden': 'true' }, '▲'),
            h('span', { class: 'votes', id: votesId }, String(q.votes), h('span', { class: 'sr-only' }, w.voteCount(q.votes))),
          ),
        );
      }),
    ),
  );
}
