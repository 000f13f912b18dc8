// The follow-up section of the exports (server/export/follow-up.ts): linked and unlinked
// respondents, and per earlier commitment step how many of those linked kept it — counts only,
// under the small-group floor and its complement rule.
import { describe, expect, it } from 'vitest';
import { followUpSection, type FollowUpSource, type KeptAnswers } from '../../server/export/follow-up.js';

const STEPS = [
  { id: 'goals', label: 'Set goals' },
  { id: 'plan', label: 'Draft a plan' },
  { id: 'reflect', label: 'Reflect' },
];
const OPTIONS = [
  { id: 'kept', label: 'Yes' },
  { id: 'partly', label: 'Partly' },
  { id: 'not-yet', label: 'Not yet' },
];

/** `n` participants named `prefix1`… */
const people = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

function source(links: [string, string | null][], earlier: Partial<FollowUpSource['earlier']> = {}): FollowUpSource {
  return {
    earlier: { code: 'ABCDE', title: 'Workshop', startedAt: Date.UTC(2026, 10, 2, 9), steps: STEPS, ...earlier },
    links: links.map(([participantId, step]) => ({ participantId, step })),
  };
}

function kept(answers: [string, string][]): KeptAnswers {
  return { pollId: 'step-kept', question: 'Did you?', options: OPTIONS, keptOption: 'kept', answers: new Map(answers) };
}

describe('followUpSection', () => {
  it('counts, per step, the linked respondents and their answers, and how many were linked and not', () => {
    const goals = people('g', 5);
    const plan = people('p', 6);
    const strangers = people('s', 5);
    const links: [string, string | null][] = [...goals.map((p): [string, string] => [p, 'goals']), ...plan.map((p): [string, string] => [p, 'plan'])];
    const answers: [string, string][] = [
      ...goals.map((p, i): [string, string] => [p, i < 3 ? 'kept' : 'not-yet']),
      ...plan.map((p, i): [string, string] => [p, i < 1 ? 'kept' : 'partly']),
      ...strangers.map((p): [string, string] => [p, 'kept']),
    ];
    const section = followUpSection(source(links), new Set([...goals, ...plan, ...strangers]), kept(answers), 5);
    expect(section).toEqual({
      earlier: { code: 'ABCDE', title: 'Workshop', startedAt: '2026-11-02T09:00:00.000Z' },
      floor: 5,
      linked: 11,
      unlinked: 5,
      kept: {
        pollId: 'step-kept',
        question: 'Did you?',
        keptOption: 'kept',
        keptLabel: 'Yes',
        options: OPTIONS,
        respondents: 16,
        steps: [
          {
            step: 'goals',
            label: 'Set goals',
            shown: true,
            respondents: 5,
            kept: 3,
            options: [
              { id: 'kept', label: 'Yes', count: 3 },
              { id: 'partly', label: 'Partly', count: 0 },
              { id: 'not-yet', label: 'Not yet', count: 2 },
            ],
          },
          {
            step: 'plan',
            label: 'Draft a plan',
            shown: true,
            respondents: 6,
            kept: 1,
            options: [
              { id: 'kept', label: 'Yes', count: 1 },
              { id: 'partly', label: 'Partly', count: 5 },
              { id: 'not-yet', label: 'Not yet', count: 0 },
            ],
          },
          { step: 'reflect', label: 'Reflect', shown: false, hidden: 'small' },
        ],
      },
    });
  });

  it('leaves out a step under the floor, and the smallest shown while the rest would be a small group', () => {
    const goals = people('g', 5);
    const plan = people('p', 7);
    const reflect = people('r', 2);
    const links: [string, string | null][] = [
      ...goals.map((p): [string, string] => [p, 'goals']),
      ...plan.map((p): [string, string] => [p, 'plan']),
      ...reflect.map((p): [string, string] => [p, 'reflect']),
    ];
    const answers = [...goals, ...plan, ...reflect].map((p): [string, string] => [p, 'kept']);
    const steps = followUpSection(source(links), new Set(answers.map(([p]) => p)), kept(answers), 5).kept!.steps;
    // Reflect (2) is small; goals and plan shown would leave those 2 readable as the rest: goals goes too.
    expect(steps.map((s) => [s.step, s.shown ? s.respondents : s.hidden])).toEqual([
      ['goals', 'complement'],
      ['plan', 7],
      ['reflect', 'small'],
    ]);
  });

  it('counts linked participants who chose no step, and unlinked answers, in no step', () => {
    const goals = people('g', 5);
    const links: [string, string | null][] = [...goals.map((p): [string, string] => [p, 'goals']), ['nostep', null]];
    const answers: [string, string][] = [
      ...goals.map((p): [string, string] => [p, 'kept']),
      ['nostep', 'kept'],
      ...people('s', 4).map((p): [string, string] => [p, 'partly']),
    ];
    const section = followUpSection(source(links), new Set(answers.map(([p]) => p)), kept(answers), 5);
    expect([section.linked, section.unlinked]).toEqual([6, 4]);
    expect(section.kept!.steps.find((s) => s.step === 'goals')).toMatchObject({ shown: true, respondents: 5, kept: 5 });
  });

  it('names the steps by their ids once the earlier session is gone, and has no kept part without a kept poll', () => {
    const links: [string, string | null][] = people('g', 5).map((p): [string, string] => [p, 'goals']);
    const answers = links.map(([p]): [string, string] => [p, 'kept']);
    const gone = followUpSection(source(links, { title: null, startedAt: null, steps: [] }), new Set(links.map(([p]) => p)), kept(answers), 5);
    expect(gone.earlier).toEqual({ code: 'ABCDE', title: null, startedAt: null });
    expect(gone.kept!.steps).toEqual([{ step: 'goals', label: 'goals', shown: true, respondents: 5, kept: 5, options: expect.any(Array) }]);
    expect(followUpSection(source(links), new Set(), undefined, 5)).toEqual({
      earlier: expect.any(Object),
      floor: 5,
      linked: 0,
      unlinked: 0,
    });
  });
});
