// Typed answers on a phone: the `text` poll (answers, then a word cloud once revealed) and the
// `qa` board (ask, read everyone's questions, upvote). Participant text only ever goes in as text.
import type { EntryStatus, MyEntry } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { h, on } from '../dom.js';
import { lang, t } from '../i18n.js';
import { TEXT_WORDS } from '../locales/text-words.js';
import type { TextModel, TextPollModel } from '../model.js';
import { charCount, nearLimit } from '../text-length.js';
import { hintLine, questionHeading, statusLine } from './parts.js';
import { qaBoard } from './qa-board.js';
import './text.css';

/** This screen's words in the page's language of the moment. */
const w = () => TEXT_WORDS[lang];

type TextPoll = TextPollModel['poll'];

function note(status: EntryStatus): string | null {
  return status === 'hidden' ? w().hiddenNote : status === 'held' ? w().heldNote : null;
}

function atLimit(poll: TextPoll, text: TextModel): boolean {
  return text.entries.length >= poll.text.answers;
}

function textHint(poll: TextPoll, open: boolean, text: TextModel): string {
  const qa = poll.type === 'qa';
  if (!open) return qa ? t.questionsClosed : t.answersClosed;
  const most = poll.text.answers;
  const sent = text.entries.length;
  if (qa) return w().askUpTo(most);
  if (most === 1) return sent ? w().answerIn : w().typeThenSend;
  return w().sendUpTo(most, sent);
}

function limitNote(poll: TextPoll): HTMLElement {
  const most = poll.text.answers;
  const text = poll.type === 'qa' ? w().askedAll(most) : w().sentAll(most);
  return h('p', { class: 'note', 'data-testid': 'limit-note' }, text);
}

function paintCounter(counter: HTMLElement, value: string, length: number): void {
  const n = charCount(value);
  counter.replaceChildren(`${n} / ${length}`, h('span', { class: 'sr-only' }, t.characters));
  counter.classList.toggle('near', length - n <= nearLimit(length));
}

/** The text box with its counter and Send (Post) button; the box survives re-renders (data-keep). */
function composer(poll: TextPoll, text: TextModel, dispatch: Dispatch): HTMLElement {
  const qa = poll.type === 'qa';
  const { length } = poll.text;
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
    placeholder: qa ? w().typeQuestion : w().typeAnswer,
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
    dispatch({ type: 'textTyped', value });
  });
  // Answers are one line: Enter sends (Shift+Enter is ignored by the server's clean-up anyway).
  on(box, 'keydown', (ev) => {
    const key = ev as KeyboardEvent;
    if (key.key === 'Enter' && !key.shiftKey && !key.isComposing) {
      key.preventDefault();
      dispatch({ type: 'textSubmitted' });
    }
  });
  const form = h(
    'form',
    { class: 'composer', novalidate: true, 'data-testid': 'composer' },
    qa ? h('label', { for: 'text-input', class: 'composer-label' }, w().askQuestion) : null,
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
      text.sending ? t.sending : qa ? w().post : t.send,
    ),
  );
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    dispatch({ type: 'textSubmitted' });
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
        return h(
          'li',
          { class: 'entry', 'data-testid': 'my-entry', 'data-entry-id': entry.id, 'data-status': status },
          h('span', { class: 'entry-text' }, entry.text),
          note(status) && h('span', { class: 'entry-note' }, note(status)),
        );
      }),
    ),
  );
}

function wordCloud(poll: TextPoll): HTMLElement | null {
  const tally = poll.results;
  if (!tally) return null;
  const words = tally.words ?? [];
  const counts = words.map(([, c]) => c);
  const max = Math.max(1, ...counts);
  const min = Math.min(max, ...counts);
  return h(
    'section',
    { class: 'results', 'data-testid': 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, w().wordCloud),
    h('p', { class: 'respondents' }, tally.respondents === 0 ? w().nobodyAnswered : t.answered(tally.respondents)),
    words.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'word-cloud-empty' }, w().noWords)
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
              h('span', { class: 'sr-only' }, w().answerCount(count)),
            );
            li.style.fontSize = `${(1 + 1.2 * weight).toFixed(2)}em`;
            return li;
          }),
        ),
  );
}

export function textBody(model: TextPollModel, dispatch: Dispatch): (Node | null)[] {
  const { poll, text } = model;
  const open = poll.status === 'open';
  const qa = poll.type === 'qa';
  const body: (Node | null)[] = [questionHeading(poll.question), hintLine(textHint(poll, open, text), open)];
  if (!qa) body.push(wordCloud(poll));
  if (open) body.push(atLimit(poll, text) ? limitNote(poll) : composer(poll, text, dispatch));
  body.push(statusLine(model));
  if (qa) {
    if (text.offBoard.length) body.push(entryList(w().yourQuestions, text.offBoard));
    body.push(
      qaBoard({
        questions: poll.board ?? [],
        own: new Set(text.entries.map((e) => e.id)),
        upvoted: text.upvoted,
        busy: text.upvoting,
        open: poll.status === 'open',
        upvote: (entryId, up) => dispatch({ type: 'upvoteTapped', entryId, up }),
      }),
    );
  } else if (text.entries.length) {
    body.push(
      entryList(
        w().yourAnswers,
        text.entries.map((entry) => ({ entry, status: entry.status })),
      ),
    );
  }
  return body;
}
