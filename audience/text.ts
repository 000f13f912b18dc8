// Typed answers on a phone: the `text` poll (answers, then a word cloud once revealed) and the
// `qa` board (ask, read everyone's questions, upvote). Participant text only ever goes in as text.
import type { AudiencePoll, EntryStatus, MyEntry } from '../server/protocol.js';
import { h, on } from './dom.js';
import type { PollHandlers, PollModel, TextModel } from './model.js';
import { hintLine, plural, questionHeading, respondentsText, statusLine } from './parts.js';

const DEFAULT_SPEC = { length: 200, answers: 1 };

const NOTES: Partial<Record<EntryStatus, string>> = {
  hidden: 'Hidden by the facilitator',
  held: 'Waiting for the facilitator’s approval',
};

/** Characters in a string as people count them (an emoji is one). */
export function charCount(s: string): number {
  return [...s].length;
}

/** From how many characters left the counter turns amber (and the page says how many are left). */
export function nearLimit(length: number): number {
  return Math.max(10, Math.round(length * 0.1));
}

function specOf(poll: AudiencePoll): { length: number; answers: number } {
  return poll.text ?? DEFAULT_SPEC;
}

function atLimit(poll: AudiencePoll, text: TextModel): boolean {
  return text.entries.length >= specOf(poll).answers;
}

function textHint(poll: AudiencePoll, open: boolean, text: TextModel): string {
  const qa = poll.type === 'qa';
  if (!open) return qa ? 'Questions are closed' : 'Answers are closed';
  const most = specOf(poll).answers;
  const sent = text.entries.length;
  if (qa) {
    const ask = most === 1 ? 'Ask one question' : `Ask up to ${most} questions`;
    return `${ask}, and upvote the ones you want answered`;
  }
  if (most === 1) return sent ? 'Your answer is in' : 'Type your answer, then tap Send';
  return `You can send up to ${most} answers${sent ? ` (${sent}\u00a0sent)` : ''}`;
}

function limitNote(poll: AudiencePoll): HTMLElement {
  const most = specOf(poll).answers;
  const text =
    poll.type === 'qa'
      ? most === 1
        ? 'You have asked your question — the most this board takes from one person.'
        : `You have asked ${most} questions — the most this board takes from one person.`
      : most === 1
        ? 'You have sent your answer. Thank you!'
        : `You have sent ${most} answers, the most this question takes. Thank you!`;
  return h('p', { class: 'note', 'data-testid': 'limit-note' }, text);
}

function paintCounter(counter: HTMLElement, value: string, length: number): void {
  const n = charCount(value);
  counter.replaceChildren(`${n} / ${length}`, h('span', { class: 'sr-only' }, ' characters'));
  counter.classList.toggle('near', length - n <= nearLimit(length));
}

/** The text box with its counter and Send (Post) button; the box survives re-renders (data-keep). */
function composer(poll: AudiencePoll, text: TextModel, handlers: PollHandlers): HTMLElement {
  const qa = poll.type === 'qa';
  const { length } = specOf(poll);
  const box = h('textarea', {
    id: 'text-input',
    class: 'text-input',
    name: 'text',
    rows: 3,
    maxlength: length,
    'data-testid': 'text-input',
    'data-keep': `text-${poll.id}-${poll.round}`,
    // A text poll's box is labelled by the question itself; a Q&A box says what it is for.
    'aria-labelledby': qa ? null : 'poll-q',
    'aria-describedby': 'poll-hint text-counter',
    placeholder: qa ? 'Type your question' : 'Type your answer',
    enterkeyhint: 'send',
    autocomplete: 'off',
    autocapitalize: 'sentences',
  });
  box.value = text.draft;
  const counter = h('p', { class: 'counter', id: 'text-counter', 'data-testid': 'text-counter' });
  paintCounter(counter, text.draft, length);
  // `currentTarget`, not `box`: on a re-render the box on the page is kept and `box` is dropped.
  on(box, 'input', (ev) => {
    const value = (ev.currentTarget as HTMLTextAreaElement).value;
    paintCounter(counter, value, length);
    handlers.textInput(value);
  });
  // Answers are one line: Enter sends (Shift+Enter is ignored by the server's clean-up anyway).
  on(box, 'keydown', (ev) => {
    const key = ev as KeyboardEvent;
    if (key.key === 'Enter' && !key.shiftKey && !key.isComposing) {
      key.preventDefault();
      handlers.textSend();
    }
  });
  const form = h(
    'form',
    { class: 'composer', novalidate: true, 'data-testid': 'composer' },
    qa ? h('label', { for: 'text-input', class: 'composer-label' }, 'Ask a question') : null,
    box,
    counter,
    h(
      'button',
      {
        type: 'submit',
        class: 'primary',
        id: 'text-send',
        'data-testid': 'text-send',
        // Not `disabled`: a focused button that becomes disabled drops keyboard focus.
        'aria-disabled': text.sending ? 'true' : null,
      },
      text.sending ? 'Sending…' : qa ? 'Post' : 'Send',
    ),
  );
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    handlers.textSend();
  });
  return form;
}

function entryList(title: string, items: readonly { entry: MyEntry; status: EntryStatus }[]): HTMLElement {
  return h(
    'section',
    { class: 'mine', 'aria-labelledby': 'mine-title' },
    h('h2', { id: 'mine-title' }, title),
    h(
      'ul',
      { class: 'entries', 'data-testid': 'my-entries' },
      ...items.map(({ entry, status }) => {
        const note = NOTES[status];
        return h(
          'li',
          { class: 'entry', 'data-testid': 'my-entry', 'data-entry-id': entry.id, 'data-status': status },
          h('span', { class: 'entry-text' }, entry.text),
          note ? h('span', { class: 'entry-note' }, note) : null,
        );
      }),
    ),
  );
}

function wordCloud(poll: AudiencePoll): HTMLElement | null {
  const tally = poll.results;
  if (!tally) return null;
  const words = tally.words ?? [];
  const counts = words.map(([, c]) => c);
  const max = Math.max(1, ...counts);
  const min = Math.min(max, ...counts);
  return h(
    'section',
    { class: 'results', 'data-testid': 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, 'Word cloud'),
    h('p', { class: 'respondents' }, tally.respondents === 0 ? 'Nobody has answered yet' : respondentsText(tally.respondents)),
    words.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'word-cloud-empty' }, 'No words to show yet')
      : h(
          'ul',
          { class: 'cloud', 'data-testid': 'word-cloud' },
          ...words.map(([word, count]) => {
            // Most used words are biggest: 1em for the least used, 2.2em for the most used.
            const weight = max === min ? 0.2 : (count - min) / (max - min);
            const li = h(
              'li',
              { class: `word w${weight >= 0.67 ? 3 : weight >= 0.34 ? 2 : 1}`, 'data-testid': `word-${word}`, 'data-count': count },
              word,
              h('span', { class: 'sr-only' }, `, ${plural(count, 'answer', 'answers')}`),
            );
            li.style.fontSize = `${(1 + 1.2 * weight).toFixed(2)}em`;
            return li;
          }),
        ),
  );
}

function board(poll: AudiencePoll, text: TextModel, handlers: PollHandlers): HTMLElement {
  const open = poll.status === 'open';
  const questions = poll.board ?? [];
  const mine = new Set(text.entries.map((e) => e.id));
  return h(
    'section',
    { class: 'board', 'aria-labelledby': 'board-title' },
    h('h2', { id: 'board-title' }, 'Questions', questions.length ? h('span', { class: 'board-count' }, ` (${questions.length})`) : null),
    questions.length === 0
      ? h('p', { class: 'empty' }, open ? 'No questions yet — ask the first one.' : 'No questions were asked.')
      : null,
    h(
      'ol',
      { class: 'board-list', 'data-testid': 'qa-board' },
      ...questions.map((q) => {
        const own = mine.has(q.id);
        const pressed = text.upvoted.has(q.id);
        const votesId = `votes-${q.id}`;
        return h(
          'li',
          {
            class: `qa-question${q.answered ? ' answered' : ''}${own ? ' own' : ''}`,
            'data-testid': 'qa-question',
            'data-entry-id': q.id,
            'data-votes': q.votes,
          },
          h(
            'div',
            { class: 'qa-main' },
            h('p', { class: 'qa-text' }, q.text),
            q.answered || own
              ? h(
                  'p',
                  { class: 'qa-tags' },
                  q.answered ? h('span', { class: 'tag answered-tag' }, '✓ Answered') : null,
                  own ? h('span', { class: 'tag own-tag' }, 'Your question') : null,
                )
              : null,
          ),
          h(
            'button',
            {
              type: 'button',
              class: `upvote${pressed ? ' pressed' : ''}${text.upvoting.has(q.id) ? ' busy' : ''}`,
              id: `upvote-${q.id}`,
              'data-testid': `upvote-${q.id}`,
              'aria-pressed': pressed ? 'true' : 'false',
              'aria-label': `Upvote: ${q.text}`,
              'aria-describedby': votesId,
              disabled: own || !open,
              onclick: () => handlers.upvote(q.id, !pressed),
            },
            h('span', { class: 'arrow', 'aria-hidden': 'true' }, '▲'),
            h('span', { class: 'votes', id: votesId }, String(q.votes), h('span', { class: 'sr-only' }, q.votes === 1 ? ' vote' : ' votes')),
          ),
        );
      }),
    ),
  );
}

export function textBody(model: PollModel, text: TextModel, handlers: PollHandlers): (Node | null)[] {
  const { poll } = model;
  const open = poll.status === 'open';
  const qa = poll.type === 'qa';
  const body: (Node | null)[] = [questionHeading(poll.question), hintLine(textHint(poll, open, text), open)];
  if (!qa) body.push(wordCloud(poll));
  if (open) body.push(atLimit(poll, text) ? limitNote(poll) : composer(poll, text, handlers));
  body.push(statusLine(model));
  if (qa) {
    if (text.offBoard.length) body.push(entryList('Your questions', text.offBoard));
    body.push(board(poll, text, handlers));
  } else if (text.entries.length) {
    body.push(entryList('Your answers', text.entries.map((entry) => ({ entry, status: entry.status }))));
  }
  return body;
}
