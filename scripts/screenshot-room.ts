// The room `npm run screenshots` plays for the README's pictures: twenty residents, fellows and
// faculty answering slides/mentoring.md the way a real workshop might — choices spread over the
// options, a few minds changed on the second vote, open-text answers and Q&A questions in their own
// words. Pure data and a seeded shuffle: the same pictures every run.

/** How many simulated phones join (the browser's phone is one more). */
export const ROOM_SIZE = 20;

/**
 * Each phone's role, by index: 9 residents (the browser's phone is the tenth), 6 faculty, 4 fellows
 * (too few to be shown on their own) and one who prefers not to say.
 */
export const ROLES: (string | null)[] = [
  ...Array<string>(9).fill('resident'),
  ...Array<string>(6).fill('faculty'),
  ...Array<string>(4).fill('fellow'),
  null,
];

/** A small deterministic generator (mulberry32): the room answers the same way on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `items` in an order fixed by `seed` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `[answer, how many]` pairs spread over the room in a seeded order: one answer per phone. */
function spread<T>(counts: readonly (readonly [T, number])[], seed: number): T[] {
  const all = counts.flatMap(([answer, n]) => Array<T>(n).fill(answer));
  if (all.length !== ROOM_SIZE) throw new Error(`the room is ${ROOM_SIZE} phones, not ${all.length}`);
  return shuffled(all, seed);
}

/** "Which response would be hardest for you to handle?" (the branching poll): each phone's option. */
export const START_WITH = spread(
  [
    ['response-a', 4],
    ['response-b', 5],
    ['response-c', 9],
    ['response-d', 2],
  ],
  1,
);

/** Dr. X has no time (should / would): each phone's [should, would]. */
export const RESPONSE_B = spread<[string, string]>(
  [
    [['low-time-format', 'low-time-format'], 5],
    [['low-time-format', 'accept-and-stop'], 3],
    [['low-time-format', 'work-around'], 2],
    [['work-around', 'work-around'], 4],
    [['ask-program', 'accept-and-stop'], 2],
    [['ask-program', 'ask-program'], 1],
    [['accept-and-stop', 'accept-and-stop'], 1],
    [['work-around', 'keep-pushing'], 1],
    [['keep-pushing', 'keep-pushing'], 1],
  ],
  2,
);

/** "Keep Dr. X and also find another mentor?", voted on twice: each phone's [round 1, round 2]. */
export const KEEP_AND_ADD = spread<[string, string]>(
  [
    [['keep-and-add', 'keep-and-add'], 6],
    [['switch', 'keep-and-add'], 3],
    [['switch', 'switch'], 3],
    [['pause', 'keep-and-add'], 1],
    [['pause', 'pause'], 3],
    [['keep-only', 'keep-only'], 3],
    [['keep-only', 'keep-and-add'], 1],
  ],
  3,
);

/** "What should you discuss at this first meeting?": what phones type, a few words each (at most 3 a phone). */
const FIRST_MEETING_IDEAS = [
  'career goals',
  'how often to meet',
  'mutual expectations',
  'research interests',
  'fellowship plans',
  'ground rules',
  'long-term career goals',
  'work-life balance',
  'communication',
  'short-term goals',
  'meeting frequency',
  'confidentiality',
  'feedback on my goals',
  'his expectations of me',
  'research projects',
  'my background',
  'yearly goals',
  'boundaries',
  'email or pager',
  'academic career',
  'fellowship applications',
  'check-in frequency',
  'family and career',
  'timeline for goals',
  'publications',
  'clinical interests',
  'his expectations',
  'scheduling',
  'networking',
  'goals',
  'accountability',
  'mentor expectations',
];

/** Each phone's open-text answers for the first meeting (zero to three, in the order it sends them). */
export const FIRST_MEETING_ANSWERS: string[][] = Array.from({ length: ROOM_SIZE }, (_, i) => {
  const mine = FIRST_MEETING_IDEAS.filter((_, j) => j % ROOM_SIZE === i);
  // Everyone thinks of goals; some add how often to meet.
  if (i % 3 === 0 && !mine.includes('goals')) mine.push(i % 2 ? 'career goals' : 'goals and expectations');
  if (i % 4 === 1) mine.push('how often to meet');
  return [...new Set(mine)].slice(0, 3);
});

/** Closing Q&A: the questions the room posts, each by a different phone, and how many upvote it. */
export const QUESTIONS: { text: string; upvotes: number }[] = [
  { text: 'What if my assigned mentor never answers my emails?', upvotes: 9 },
  { text: 'How often should we meet in the first year?', upvotes: 7 },
  { text: 'Can my mentor be from another department or hospital?', upvotes: 5 },
  { text: 'How do I ask for a new mentor without offending the first one?', upvotes: 4 },
  { text: 'When is the right time to bring up authorship?', upvotes: 3 },
  { text: 'Do faculty get protected time for mentoring?', upvotes: 2 },
  { text: 'Is it okay to have a peer mentor as well?', upvotes: 1 },
];

/** The browser's own phone: the role it picks and what it answers on screen. */
export const BROWSER_PHONE = {
  role: 'resident',
  startWith: 'response-c',
  responseB: ['low-time-format', 'accept-and-stop'] as const,
  keepAndAdd: 'switch',
  question: 'How do I end a mentoring relationship politely?',
};

/** Every string the room sends, for checks that no test token slips into a picture. */
export function everyText(): string[] {
  return [...FIRST_MEETING_ANSWERS.flat(), ...QUESTIONS.map((q) => q.text), BROWSER_PHONE.question];
}
