// My session: the participant's own answers beside the room's results as they were shown, their
// commitment with a calendar reminder, printable. Drawn from what the phone keeps (state.mine),
// so it shows after the session and with no network. Loaded with its words when first needed.
import type { MyAnswer, MyPoll, MySession } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { MINE_WORDS, type MineWords } from '../locales/mine.js';
import { changedAnswer, commitmentOf, defaultReminderDay, labels, percent } from '../my-session-model.js';
import type { PageState } from '../state.js';
import './my-session.css';

// The reminder's file is made by this module's chunk: its words and model are here already.
export { downloadReminder } from '../reminder.js';

export function mySessionScreen(s: PageState, dispatch: Dispatch): HTMLElement {
  const w = MINE_WORDS[lang];
  const mine = s.mine;
  const ended = s.session?.ended === true || (mine?.endedAt ?? null) !== null;
  // Once the session has ended, the page says so first (as the ended screen it replaces did).
  const over = ended && h('div', { class: 'mine-ended', role: 'status', 'data-testid': 'ended' }, h('p', {}, t.ended), h('p', {}, t.thanks));
  const back =
    !ended &&
    h('button', { type: 'button', class: 'secondary no-print', 'data-testid': 'mine-back', onclick: () => dispatch({ type: 'mineClosed' }) }, w.back);
  if (!mine) {
    return h(
      'section',
      { class: 'screen my-session', 'data-testid': 'my-session' },
      over,
      h('h1', { class: 'slide-title' }, w.title),
      h('p', { class: 'wait-text', role: 'status', 'data-testid': 'mine-status' }, s.mineAsked ? w.loading : w.unavailable),
      back,
    );
  }
  const listed = mine.polls.filter((p) => !p.poll.commitment);
  const date = (ms: number) => new Date(ms).toLocaleDateString(lang, { dateStyle: 'long' });
  return h(
    'section',
    { class: 'screen my-session', 'data-testid': 'my-session', 'aria-labelledby': 'mine-title' },
    h('header', { class: 'top' }, h('span', { class: 'deck-title' }, mine.deckTitle), h('span', { class: 'session-code' }, mine.code)),
    over,
    h('h1', { class: 'slide-title', id: 'mine-title' }, w.title),
    h('p', { class: 'mine-when', 'data-testid': 'mine-when' }, mine.endedAt === null ? w.running : w.endedOn(date(mine.endedAt))),
    h('p', { class: 'wait-text' }, w.intro),
    commitmentCard(s, mine, w, dispatch),
    h(
      'section',
      { class: 'mine-answers', 'aria-labelledby': 'mine-answers-title' },
      h('h2', { id: 'mine-answers-title' }, w.answers),
      listed.length > 0
        ? h('ol', { class: 'mine-polls' }, ...listed.map((p) => pollItem(p, w)))
        : h('p', { class: 'help', 'data-testid': 'mine-none' }, w.noAnswers),
    ),
    h(
      'div',
      { class: 'actions no-print' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'mine-print', onclick: () => dispatch({ type: 'printAsked' }) }, w.print),
      back,
    ),
    h('p', { class: 'help no-print' }, window.isSecureContext && 'serviceWorker' in navigator ? w.kept : w.notKept),
  );
}

function commitmentCard(s: PageState, mine: MySession, w: MineWords, dispatch: Dispatch): HTMLElement | null {
  const commitment = commitmentOf(mine);
  if (!commitment) return null;
  const given = commitment.steps.length + commitment.words.length > 0;
  const day = s.reminderDate ?? defaultReminderDay(mine, Date.now());
  return h(
    'section',
    { class: 'commitment', 'data-testid': 'mine-commitment', 'aria-labelledby': 'commitment-title' },
    h('h2', { id: 'commitment-title' }, w.commitment),
    !given && h('p', {}, w.noCommitment),
    ...commitment.steps.map((step) => h('p', { class: 'commitment-step' }, step)),
    commitment.words.length > 0 &&
      h('p', { class: 'commitment-words' }, h('span', { class: 'mine-label' }, w.inYourWords), ...commitment.words.map((text) => h('q', {}, text))),
    given &&
      h(
        'div',
        { class: 'reminder no-print' },
        h('h3', {}, w.reminder),
        h('label', { for: 'reminder-date', class: 'mine-label' }, w.remindOn),
        h('input', {
          type: 'date',
          id: 'reminder-date',
          class: 'reminder-date',
          'data-testid': 'reminder-date',
          value: day,
          onchange: (ev: Event) => dispatch({ type: 'reminderDatePicked', date: (ev.target as HTMLInputElement).value }),
        }),
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-testid': 'reminder-add', onclick: () => dispatch({ type: 'reminderSaved' }) },
          w.addReminder,
        ),
        h('p', { class: 'help' }, w.reminderHelp),
      ),
  );
}

function pollItem(p: MyPoll, w: MineWords): HTMLElement {
  return h(
    'li',
    { class: 'mine-poll', 'data-testid': `mine-poll-${p.poll.id}` },
    p.slideTitle && h('p', { class: 'mine-label' }, p.slideTitle),
    h('h3', { class: 'question' }, p.poll.question),
    answerOf(p, w),
    p.results ? roomOf(p, w) : h('p', { class: 'help' }, w.notShown),
  );
}

/** The participant's own answer: each round's (vote again), each question's (paired), in order (rank), or what they wrote. */
function answerOf(p: MyPoll, w: MineWords): HTMLElement {
  const { poll, rounds } = p;
  if (rounds.length === 0) return h('p', { class: 'mine-answer', 'data-testid': 'mine-answer' }, w.notAnswered);
  const one = (a: MyAnswer): Node | string => {
    if (a.entries) return h('ul', { class: 'mine-entries' }, ...a.entries.map((e) => h('li', {}, e.text)));
    const chosen = labels(poll.options, a.optionIds);
    if (poll.type === 'rank') return h('ol', {}, ...chosen.map((label) => h('li', {}, label)));
    if (poll.type === 'single' && poll.ask)
      return h('span', {}, ...poll.ask.flatMap((ask, i) => [h('span', { class: 'ask-line' }, `${ask.question} ${chosen[i] ?? '—'}`)]));
    return chosen.join(', ');
  };
  const changed = changedAnswer(rounds);
  return h(
    'div',
    { class: 'mine-answer', 'data-testid': 'mine-answer' },
    ...rounds.map((a, i) =>
      h('p', { 'data-testid': 'mine-round' }, h('span', { class: 'mine-label' }, rounds.length > 1 ? w.vote(i + 1) : w.yourAnswer), ' ', one(a)),
    ),
    changed !== undefined && h('p', { class: 'help', 'data-testid': 'mine-changed' }, changed ? w.changed : w.keptAnswer),
  );
}

/** The room's results as they were shown: bars per option (per question when paired), the average, the places, or what was on the board. */
function roomOf(p: MyPoll, w: MineWords): HTMLElement {
  const { poll, rounds } = p;
  const { tally, entries } = p.results!;
  const own = new Set(rounds.at(-1)?.optionIds ?? []);
  const n = tally.respondents;
  const bars = (counts: Record<string, number>, mark: (id: string) => boolean) =>
    h(
      'ul',
      { class: 'result-list' },
      ...poll.options.map((opt) => {
        const count = counts[opt.id] ?? 0;
        const pct = percent(count, n);
        const fill = h('span', { class: 'fill' });
        fill.style.width = `${pct}%`;
        return h(
          'li',
          { class: `result${mark(opt.id) ? ' mine' : ''}`, 'data-testid': `room-${opt.id}`, 'data-count': count },
          h(
            'span',
            { class: 'result-head' },
            h('span', { class: 'result-label' }, opt.label),
            mark(opt.id) && h('span', { class: 'mark' }, `✓ ${w.yourAnswer}`),
          ),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'result-num' }, `${count} · `, h('strong', {}, `${pct}%`)),
        );
      }),
    );
  let body: (Node | false)[];
  if (poll.type === 'text' || poll.type === 'qa') {
    body = [h('p', { class: 'mine-label' }, w.roomWrote), h('ul', { class: 'mine-entries' }, ...(entries ?? []).map((e) => h('li', {}, e.text)))];
  } else if (poll.type === 'rank') {
    const places = Object.entries(tally.positions ?? {}).sort((a, b) => a[1] - b[1]);
    body = [
      h(
        'ol',
        { class: 'mine-places' },
        ...places.map(([id, place]) => h('li', {}, `${labels(poll.options, [id])[0] ?? id} — ${w.place(place.toFixed(1))}`)),
      ),
    ];
  } else if (poll.type === 'single' && poll.ask && tally.asked) {
    const chosen = rounds.at(-1)?.optionIds ?? [];
    body = poll.ask.flatMap((ask, i) => [h('p', { class: 'mine-label' }, ask.question), bars(tally.asked![ask.id] ?? {}, (id) => chosen[i] === id)]);
  } else {
    body = [
      poll.type === 'scale' && tally.mean !== undefined && h('p', {}, w.average(tally.mean.toFixed(1))),
      bars(tally.counts, (id) => own.has(id)),
    ];
  }
  return h('div', { class: 'mine-room', 'data-testid': 'mine-room' }, h('p', { class: 'respondents' }, w.room(n)), ...body);
}
