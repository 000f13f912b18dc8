// What an export holds, built from stored records.
import { describe, expect, it } from 'vitest';
import { buildExport } from '../../server/export/model.js';
import { reportHtml } from '../../server/export/report.js';
import type { StoredSession, VoteRecord } from '../../server/store/store.js';
import { deckFrom, WORKSHOP_DECK } from '../helpers/decks.js';

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
  it('names participants P01, P02… in the order of their first answer, never by stored id', () => {
    const data = buildExport(
      stored([
        vote('zed-browser-id', 'branch-a', ['talk'], 2),
        vote('amy-browser-id', 'branch-a', ['wait'], 5, 1),
        vote('zed-browser-id', 'topics', ['goals', 'rules'], 9),
      ]),
    );
    expect(data.responses.map((r) => [r.pollId, r.participant, r.optionIds.join('+'), r.changes])).toEqual([
      ['branch-a', 'P01', 'talk', 0],
      ['branch-a', 'P02', 'wait', 1],
      ['topics', 'P01', 'goals+rules', 0],
    ]);
    expect(JSON.stringify(data)).not.toContain('browser-id');
    expect(data.responses[2]!.labels).toEqual(['Goals', 'Ground rules']);
    expect(data.responses[0]!.answeredAt).toBe('2026-11-25T09:02:00.000Z');
  });

  it('counts each option, with percentages of respondents and the poll’s times', () => {
    const data = buildExport(
      stored([vote('p1', 'branch-a', ['talk'], 1), vote('p2', 'branch-a', ['talk'], 2), vote('p3', 'branch-a', ['escalate'], 3)]),
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
  const data = buildExport({
    ...stored(votes),
    polls: [{ ...stored([]).polls[0]!, round: 4, kept: [1, 3] }],
  });
  const poll = data.polls.find((p) => p.id === 'branch-a')!;

  it('numbers the rounds as shown and leaves the reset round out, its only voter included', () => {
    expect(poll).toMatchObject({ round: 4, rounds: 3, respondents: 4 });
    expect(data.session.participants).toBe(4); // amy, bob, cat, eve: not dan
    expect(data.responses.map((r) => `${r.round} ${r.participant} ${r.optionIds[0]}`)).toEqual([
      '1 P01 talk',
      '1 P02 talk',
      '1 P03 wait',
      '2 P01 wait',
      '2 P02 talk',
      '2 P03 wait',
      '3 P01 wait',
      '3 P02 escalate',
      '3 P03 talk',
      '3 P04 talk',
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
