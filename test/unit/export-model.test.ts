// What an export holds, built from stored records.
import { describe, expect, it } from 'vitest';
import { buildExport } from '../../server/export/model.js';
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
