// The deck's timing plan: pure functions of the parsed deck, shared by `npm run check-deck` (the
// plan per section and its total against the deck's `duration`) and the presenter console (ahead
// or behind on the current slide, minutes left). Minutes come from each slide's `time`.
//
// - A slide without `time` plans 0 minutes (check-deck lists such slides).
// - An `optional: true` slide is not in the plan: what to add when ahead, skip when behind.
// - Branches: the slides a poll's options lead to (two or more, after the poll) are alternatives.
//   A branch is its target slide and the slides below it in the same stack, up to the next target.
//   The plan counts the longest branch (the first of equal ones), so it holds whichever the room
//   picks; each other branch is planned to start when the counted one does.
import type { Deck, Slide, SlidePosition } from './types.js';

/** One slide in the plan, at the same index as in `deck.slides`. */
export interface PlanSlide {
  number: string;
  /** The slide's own `time` (0 without one). */
  time: number;
  /** What it adds to the plan's total: 0 when optional or on a branch not counted. */
  counted: number;
  /** Minutes into the session at which the plan reaches this slide. */
  start: number;
  /** When the plan leaves it: `start` plus its `time`, or `start` for an optional slide. */
  end: number;
  optional: boolean;
  /** On a branch of a branching poll: whether it is the one the plan counts. */
  branch?: 'counted' | 'other';
}

/** One branch of a branching poll: its slides' numbers and minutes. */
export interface PlanBranch {
  first: string;
  title: string;
  minutes: number;
}

/** A branching poll's alternatives, the counted one first. */
export interface PlanBranching {
  /** The number of the slide the poll is on. */
  from: string;
  counted: PlanBranch;
  others: PlanBranch[];
}

/** A horizontal slide with the slides below it. */
export interface PlanSection {
  number: string;
  title: string;
  /** Minutes the plan counts for the section. */
  minutes: number;
  /** Minutes of its optional slides (not in `minutes`). */
  optional: number;
  /** Minutes of its slides on branches not counted (alternatives to the counted one). */
  alternatives: number;
}

export interface Plan {
  slides: PlanSlide[];
  sections: PlanSection[];
  branchings: PlanBranching[];
  /** Minutes of the whole plan (counted slides only). */
  total: number;
  /** Minutes of every optional slide (branches not counted are not in it). */
  optional: number;
  /** The deck's `duration`, when it has one. */
  duration?: number;
  /** Numbers of the slides without a `time`. */
  untimed: string[];
  /** Whether any slide has a `time`: without one there is no plan to show. */
  timed: boolean;
}

type PlanDeck = Pick<Deck, 'slides' | 'polls'> & { meta: Pick<Deck['meta'], 'duration'> };

/** Rounds to a tenth of a minute, so that sums such as 0.1 + 0.2 print as 0.3. */
const tenth = (n: number): number => Math.round(n * 10) / 10;

export function deckPlan(deck: PlanDeck): Plan {
  const { slides } = deck;
  const indexOf = (p: SlidePosition) => slides.findIndex((s) => s.position.h === p.h && s.position.v === p.v);
  const own = (s: Slide) => (s.optional ? 0 : (s.time ?? 0));

  // Each branching poll's branches, as slide indexes; a slide belongs to the first branch that claims it.
  const branchOf = new Map<number, { counted: boolean; first: number; countedFirst: number }>();
  const branchings: PlanBranching[] = [];
  for (const poll of deck.polls) {
    const from = indexOf(poll.slide);
    const targets = [...new Set(poll.options.map((o) => (o.goto ? indexOf(o.goto) : -1)))]
      .filter((i) => i > from && !branchOf.has(i))
      .sort((a, b) => a - b);
    if (targets.length < 2) continue;
    const branches = targets.map((first, k) => {
      const next = targets[k + 1] ?? slides.length;
      const members: number[] = [];
      for (let i = first; i < next && slides[i]?.position.h === slides[first]?.position.h && !branchOf.has(i); i++) members.push(i);
      return { first, members, minutes: tenth(members.reduce((sum, i) => sum + own(slides[i] as Slide), 0)) };
    });
    const counted = branches.reduce((best, b) => (b.minutes > best.minutes ? b : best));
    for (const b of branches) {
      for (const i of b.members) branchOf.set(i, { counted: b === counted, first: b.first, countedFirst: counted.first });
    }
    const describe = (b: (typeof branches)[number]): PlanBranch => ({
      first: (slides[b.first] as Slide).number,
      title: (slides[b.first] as Slide).title,
      minutes: b.minutes,
    });
    branchings.push({
      from: (slides[from] as Slide).number,
      counted: describe(counted),
      others: branches.filter((b) => b !== counted).map(describe),
    });
  }

  let clock = 0;
  const planned: PlanSlide[] = slides.map((slide, i) => {
    const branch = branchOf.get(i);
    const counted = branch && !branch.counted ? 0 : own(slide);
    const start = clock;
    clock = tenth(clock + counted);
    return {
      number: slide.number,
      time: slide.time ?? 0,
      counted,
      start,
      end: tenth(start + own(slide)),
      optional: slide.optional === true,
      ...(branch && { branch: branch.counted ? ('counted' as const) : ('other' as const) }),
    };
  });
  // A branch not counted starts when the counted one does: the room picked it instead.
  for (const [i, branch] of branchOf) {
    if (branch.counted) continue;
    const before = slides.slice(branch.first, i).reduce((sum, s) => sum + own(s), 0);
    const slide = planned[i] as PlanSlide;
    slide.start = tenth((planned[branch.countedFirst] as PlanSlide).start + before);
    slide.end = tenth(slide.start + own(slides[i] as Slide));
  }

  const sections: PlanSection[] = [];
  for (const [i, slide] of slides.entries()) {
    if (slide.position.v === 0 || !sections.length)
      sections.push({ number: String(slide.position.h + 1), title: slide.title, minutes: 0, optional: 0, alternatives: 0 });
    const section = sections.at(-1) as PlanSection;
    const p = planned[i] as PlanSlide;
    section.minutes = tenth(section.minutes + p.counted);
    if (p.optional) section.optional = tenth(section.optional + p.time);
    else if (p.branch === 'other') section.alternatives = tenth(section.alternatives + p.time);
  }

  return {
    slides: planned,
    sections,
    branchings,
    total: clock,
    optional: tenth(slides.reduce((sum, s) => sum + (s.optional ? (s.time ?? 0) : 0), 0)),
    ...(deck.meta.duration !== undefined && { duration: deck.meta.duration }),
    untimed: slides.filter((s) => s.time === undefined).map((s) => s.number),
    timed: slides.some((s) => s.time !== undefined),
  };
}

/** Where the session stands against the plan on one slide. */
export interface Pace {
  /** `ahead`: the plan reaches this slide later than now; `behind`: it has left it already. */
  status: 'ahead' | 'behind' | 'on-time';
  /** Whole minutes ahead or behind (0 when on time). */
  minutes: number;
  /** The plan's minutes still to come: the rest of this slide's and every later slide's. */
  left: number;
}

/**
 * Ahead or behind on slide `index` after `elapsed` minutes of the session: ahead when the plan
 * reaches the slide later than now, behind when the plan has already left it; within a minute is
 * on time.
 */
export function pace(plan: Plan, index: number, elapsed: number): Pace {
  const slide = plan.slides[index];
  if (!slide) return { status: 'on-time', minutes: 0, left: 0 };
  const early = slide.start - elapsed;
  const late = elapsed - slide.end;
  const rest = Math.min(Math.max(slide.end - elapsed, 0), slide.end - slide.start);
  const left = Math.max(0, Math.round(plan.total - slide.end + rest));
  if (Math.round(early) >= 1) return { status: 'ahead', minutes: Math.round(early), left };
  if (Math.round(late) >= 1) return { status: 'behind', minutes: Math.round(late), left };
  return { status: 'on-time', minutes: 0, left };
}

/** "4", "0.5": minutes as a plan prints them. */
export function minutesText(n: number): string {
  return String(tenth(n));
}
