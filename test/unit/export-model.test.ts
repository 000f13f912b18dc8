// What an export holds, built from stored records.
import { describe, expect, it } from 'vitest';
import { buildExport } from '../../server/export/model.js';
import { reportHtml } from '../../server/export/report.js';
import type { StoredSession, VoteRecord } from '../../server/store/store.js';
import { deckFrom, WORKSHOP_DECK } from '../helpers/decks.js';
import { TEST_SECRET, namesOf } from '../helpers/pseudonyms.js';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function vote(participantId: string, pollId: string, optionIds: string[], minute: number, changes = 0): VoteRecord {
  return { code: 'K7QX2', pollId, round: 1, participantId, optionIds, answeredAt: T0 + minute * 60_000, changes };
}

function stored(votes: VoteRecord[]): StoredSession {
  return {
    session: { code: 'K7QX2', deckId: 'workshop', deck: deckFrom(WORKSHOP_DECK), createdAt: T0, endedAt: T0 + 3_600_000, slide: { h: 0, v: 0 } },
    polls: [
      {
        code: 'K7QX2',
        pollId: 'branch-a',
        status: 'closed',
        revealed: true,
        round: 1,
        openedAt: T0 + 60_000,
        closedAt: T0 + 600_000,
        participantsAtClose: 4,
      },
    ],
    votes,
    entries: [],
    upvotes: [],
  };
}

describe('buildExport', () => {
  const answers = [
    vote('zed-browser-id', 'branch-a', ['talk'], 2),
    vote('amy-browser-id', 'branch-a', ['wait'], 5, 1),
    vote('zed-browser-id', 'topics', ['goals', 'rules'], 9),
  ];

  it('gives a participant another pseudonym in every poll, derived from the secret, never the stored id', () => {
    const data = buildExport(stored(answers), { secret: TEST_SECRET });
    const voters = namesOf(TEST_SECRET, 'K7QX2', ['branch-a', 'topics'], ['zed-browser-id', 'amy-browser-id']);
    expect(data.responses.map((r) => [r.pollId, voters.get(r.participant), r.optionIds.join('+'), r.changes]).sort()).toEqual([
      ['branch-a', 'amy-browser-id', 'wait', 1],
      ['branch-a', 'zed-browser-id', 'talk', 0],
      ['topics', 'zed-browser-id', 'goals+rules', 0],
    ]);
    const zed = data.responses.filter((r) => voters.get(r.participant) === 'zed-browser-id').map((r) => r.participant);
    expect(zed).toHaveLength(2);
    expect(zed[0]).not.toBe(zed[1]);
    for (const r of data.responses) expect(r.participant).toMatch(/^V[0-9A-Z]{10}$/);
    expect(buildExport(stored(answers), { secret: TEST_SECRET }).responses).toEqual(data.responses); // stable
    expect(buildExport(stored(answers), { secret: Buffer.alloc(32, 8) }).responses[0]!.participant).not.toBe(data.responses[0]!.participant);
    expect(JSON.stringify(data)).not.toContain('browser-id');
    expect(data.linked).toBeUndefined();
    const topics = data.responses.find((r) => r.pollId === 'topics')!;
    expect(topics.labels).toEqual(['Goals', 'Ground rules']);
    expect(data.responses.find((r) => r.changes === 1)!.answeredAt).toBe('2026-11-25T09:05:00.000Z');
  });

  it('linked, names participants P01, P02… across polls in the order of their first answer, without times or small groups', () => {
    const data = buildExport(stored(answers), { secret: TEST_SECRET, linked: true, minGroupSize: 1 });
    expect(data.responses.map((r) => [r.pollId, r.participant, r.optionIds.join('+'), r.changes, r.answeredAt])).toEqual([
      ['branch-a', 'P01', 'talk', undefined, undefined],
      ['branch-a', 'P02', 'wait', undefined, undefined],
      ['topics', 'P01', 'goals+rules', undefined, undefined],
    ]);
    expect(data.linked).toMatchObject({ floor: 1, marker: 'fewer than 1' });
    const floored = buildExport(stored(answers), { secret: TEST_SECRET, linked: true, minGroupSize: 2 });
    expect(floored.responses.map((r) => [r.participant, r.optionIds, r.labels])).toEqual([
      ['P01', ['fewer than 2'], ['fewer than 2']],
      ['P02', ['fewer than 2'], ['fewer than 2']],
      ['P01', ['fewer than 2'], ['fewer than 2']],
    ]);
    expect(floored.linked!.note).toContain('fewer than 2');
  });

  it('counts each option, with percentages of respondents and the poll’s times', () => {
    const data = buildExport(
      stored([vote('p1', 'branch-a', ['talk'], 1), vote('p2', 'branch-a', ['talk'], 2), vote('p3', 'branch-a', ['escalate'], 3)]),
      { secret: TEST_SECRET },
    );
    const poll = data.polls.find((p) => p.id === 'branch-a')!;
    expect(poll).toMatchObject({
      slide: '2.2',
      status: 'closed',
      revealed: true,
      respondents: 3,
      participantsAtClose: 4,
      openedAt: '2026-11-25T09:01:00.000Z',
      closedAt: '2026-11-25T09:10:00.000Z',
    });
    expect(poll.options.map((o) => [o.id, o.count, o.percent])).toEqual([
      ['talk', 2, 66.7],
      ['wait', 0, 0],
      ['escalate', 1, 33.3],
    ]);
    const untouched = data.polls.find((p) => p.id === 'friend')!;
    expect(untouched).toMatchObject({ status: 'closed', respondents: 0, openedAt: null, participantsAtClose: null });
    expect(data.session).toEqual({
      code: 'K7QX2',
      deck: 'workshop',
      startedAt: '2026-11-25T09:00:00.000Z',
      endedAt: '2026-11-25T10:00:00.000Z',
      participants: 3,
    });
    expect(data.version).toBe(1);
  });
});

describe('buildExport of a poll voted on three times, with a reset round', () => {
  // Stored rounds 1 and 3 kept, 4 current; round 2 was reset (erased). Shown as rounds 1, 2, 3.
  const rounds = {
    1: { amy: 'talk', bob: 'talk', cat: 'wait' },
    2: { amy: 'escalate', dan: 'escalate' },
    3: { amy: 'wait', bob: 'talk', cat: 'wait' },
    4: { amy: 'wait', bob: 'escalate', cat: 'talk', eve: 'talk' },
  };
  const votes = Object.entries(rounds).flatMap(([round, answers]) =>
    Object.entries(answers).map(([who, option], i) => ({ ...vote(who, 'branch-a', [option], Number(round) * 10 + i), round: Number(round) })),
  );
  const data = buildExport(
    {
      ...stored(votes),
      polls: [{ ...stored([]).polls[0]!, round: 4, kept: [1, 3] }],
    },
    { secret: TEST_SECRET },
  );
  const poll = data.polls.find((p) => p.id === 'branch-a')!;

  it('numbers the rounds as shown and leaves the reset round out, its only voter included', () => {
    expect(poll).toMatchObject({ round: 4, rounds: 3, respondents: 4 });
    expect(data.session.participants).toBe(4); // amy, bob, cat, eve: not dan
    // The same pseudonym in every round of the poll (vote again compares them).
    const voters = namesOf(TEST_SECRET, 'K7QX2', ['branch-a'], ['amy', 'bob', 'cat', 'dan', 'eve']);
    expect(data.responses.map((r) => `${r.round} ${voters.get(r.participant)} ${r.optionIds[0]}`).sort()).toEqual([
      '1 amy talk',
      '1 bob talk',
      '1 cat wait',
      '2 amy wait',
      '2 bob talk',
      '2 cat wait',
      '3 amy wait',
      '3 bob escalate',
      '3 cat talk',
      '3 eve talk',
    ]);
  });

  it('counts each round, and the movement from the round before each', () => {
    expect(poll.roundResults!.map((r) => [r.round, r.respondents, r.options.map((o) => o.count), r.answeredBoth, r.changed])).toEqual([
      [1, 3, [2, 1, 0], undefined, undefined],
      [2, 3, [1, 2, 0], 3, 1],
      [3, 4, [2, 1, 1], 3, 2],
    ]);
    expect(poll.roundResults![2]!.flows).toEqual({
      talk: { talk: 0, wait: 0, escalate: 1 },
      wait: { talk: 1, wait: 1, escalate: 0 },
      escalate: { talk: 0, wait: 0, escalate: 0 },
    });
    expect(poll.options.map((o) => o.count)).toEqual([2, 1, 1]);
  });

  it('reports each round, pale to solid, and each change', () => {
    const html = reportHtml([data]);
    expect([...html.matchAll(/data-option="talk" data-round="(\d)" data-count="(\d)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual([
      '1:2',
      '2:1',
      '3:2',
    ]);
    expect([...html.matchAll(/fill-opacity="([\d.]+)"[^>]*data-option="talk"/g)].map((m) => m[1])).toEqual(['0.30', '0.50', '1.00']);
    expect(html).toContain('<strong>1 of 3 changed their answer</strong> from round 1 to round 2');
    expect(html).toContain('<strong>2 of 3 changed their answer</strong> from round 2 to round 3');
    // Compared with another session, the chart takes each session's last round and says so.
    expect(reportHtml([data, data])).toContain('K7QX2: 3 rounds, the last shown; 2 of 3 changed their answer');
  });
});
