// One room voting twice on "How should you respond?" (talk / wait / leave), for the tests of vote
// again: who answered what in each round, and the movement that follows from it.

/** Round 1, by participant. */
export const ROUND_1: Readonly<Record<string, string>> = { ana: 'talk', ben: 'talk', cal: 'talk', dan: 'wait', eve: 'wait', fay: 'leave' };
/** Round 2: two changed (ben, dan), one left (fay), one came (gus). */
export const ROUND_2: Readonly<Record<string, string>> = { ana: 'talk', ben: 'wait', cal: 'talk', dan: 'talk', eve: 'wait', gus: 'leave' };

/** Both rounds count talk 3, wait 2, leave 1 — the room looks unmoved, yet two changed. */
export const ROUND_COUNTS = { talk: 3, wait: 2, leave: 1 };

/** `Tally.earlier` in round 2. */
export const EARLIER = {
  rounds: [{ counts: ROUND_COUNTS, respondents: 6 }],
  answeredBoth: 5,
  changed: 2,
  flows: {
    talk: { talk: 2, wait: 1, leave: 0 },
    wait: { talk: 1, wait: 1, leave: 0 },
    leave: { talk: 0, wait: 0, leave: 0 },
  },
};
