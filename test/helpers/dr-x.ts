// The case of Dr. X as the tests' decks ask it — "How should you respond?" over a few of the same
// answers — and the rooms that answer it: a room with roles, and five people asked what they
// should and what they would do. Decks are built in code so each test names the polls it uses.
import type { Deck } from '../../server/deck/types.js';
import { deckFrom } from './decks.js';

/** The answers a response poll may offer, by option id. */
const RESPONSES = { talk: 'Talk to Dr. X', wait: 'Wait and see', peer: 'Ask a peer first', leave: 'Change mentors' };
type Response = keyof typeof RESPONSES;

/** The roles a deck with roles names (ids resident, fellow, faculty). */
export const ROLES = ['Resident', 'Fellow', 'Faculty'];

/** A deck's source: front matter (its title, and its roles if any), a title slide, then `slides`. */
function deckSource(title: string, slides: string[], roles?: string[]): string {
  const front = ['---', `title: ${title}`, ...(roles ? [`roles: [${roles.join(', ')}]`] : []), '---'].join('\n');
  return [`${front}\n\n# ${title}\n`, ...slides].join('\n---\n\n');
}

/** The deck of `deckSource`, read from `file` (whose name is the deck's id). */
export function caseDecks(file: string, title: string, slides: string[], roles?: string[]): Map<string, Deck> {
  const deck = deckFrom(deckSource(title, slides, roles), file);
  return new Map([[deck.id, deck]]);
}

/**
 * A slide `heading` with the single-choice poll `id` asking "How should you respond?" (or
 * `question`) over `options`; `paired` asks it twice, as what one should and what one would do.
 */
export function responseSlide(
  id: string,
  options: Response[],
  { heading = "Dr. X's response", question = 'How should you respond?', paired = false } = {},
): string {
  return [
    `## ${heading}`,
    '',
    '```poll',
    `id: ${id}`,
    'type: single',
    `question: ${question}`,
    ...(paired ? ['ask: [should, would]'] : []),
    'options:',
    ...options.map((option) => `  ${option}: ${RESPONSES[option]}`),
    '```',
    '',
  ].join('\n');
}

/** The deck `paired`: one paired poll, `respond-a` over talk / wait / leave, as SHOULD_WOULD answers it. */
export function pairedDecks(): Map<string, Deck> {
  return caseDecks('paired.md', 'Should and would', [
    responseSlide('respond-a', ['talk', 'wait', 'leave'], { heading: "Dr. X's response A", paired: true }),
  ]);
}

/** A slide "Words" with the open-text poll `words` ("One word?"), `answers` per phone if given. */
export function wordsSlide(answers?: number): string {
  return ['## Words', '', '```poll', 'id: words', 'type: text', ...(answers ? [`answers: ${answers}`] : []), 'question: One word?', '```', ''].join(
    '\n',
  );
}

/**
 * The closing commitment as the mentoring deck asks it, on two slides: the step (`step`: plan or
 * goals) and the participant's words (`step-words`), both marked `commitment: true`.
 */
export function commitmentSlides(): string[] {
  const poll = (lines: string[]) => ['```poll', ...lines, 'commitment: true', '```', ''].join('\n');
  return [
    `## Your next step\n\n${poll(['id: step', 'type: single', 'question: One step I will take', 'options:', '  plan: Draft a plan with timelines', '  goals: Set goals with my mentor'])}`,
    `## Your step\n\n${poll(['id: step-words', 'type: text', 'question: Your step, in a few words'])}`,
  ];
}

/** A phone of a room with roles: its name, its role (null: prefers not to say) and its answer. */
export type RoomMember = [name: string, role: string | null, answer: string];

/**
 * A room with roles: five residents r1…r5 (four talk, one leaves), four fellows f1…f4 (under the
 * floor of 5) and one faculty member a1 (all leave), then `unsaid` who prefer not to say (u1…, all talk).
 */
export function roleRoom(unsaid: number): RoomMember[] {
  return [
    ...['r1', 'r2', 'r3', 'r4', 'r5'].map((n, i): RoomMember => [n, 'resident', i < 4 ? 'talk' : 'leave']),
    ...['f1', 'f2', 'f3', 'f4'].map((n): RoomMember => [n, 'fellow', 'leave']),
    ['a1', 'faculty', 'leave'],
    ...Array.from({ length: unsaid }, (_, i): RoomMember => [`u${i + 1}`, null, 'talk']),
  ];
}

/**
 * Should, would — five people's answers to a paired poll over talk / wait / leave: four should
 * talk, yet three of the five would do something other than what they should.
 */
export const SHOULD_WOULD: Readonly<Record<string, [should: string, would: string]>> = {
  ana: ['talk', 'wait'],
  ben: ['talk', 'talk'],
  cal: ['talk', 'leave'],
  dan: ['leave', 'leave'],
  eve: ['talk', 'wait'],
};
