// Which stored records count (server/session/records.ts): only each poll's current round, every
// vote and entry of it is an answer, and a poll's answers are rebuilt from its own records.
import { describe, expect, it } from 'vitest';
import { byPoll, currentRound, participation } from '../../server/session/records.js';

const polls = [
  { pollId: 'reset', round: 2 },
  { pollId: 'once', round: 1 },
];
const vote = (pollId: string, round: number, participantId: string, optionIds = ['a'], answeredAt = 1) => ({
  pollId,
  round,
  participantId,
  optionIds,
  answeredAt,
  changes: 0,
});
const entry = (pollId: string, round: number, participantId: string, id: string, status: 'shown' | 'hidden' | 'held' = 'shown') => ({
  pollId,
  round,
  id,
  participantId,
  text: id,
  createdAt: 1,
  status,
  answeredAt: null,
});

describe('stored records', () => {
  it('count in their poll’s current round only, round 1 for a poll never stored', () => {
    const records = {
      votes: [vote('reset', 1, 'ana'), vote('reset', 2, 'ben'), vote('once', 1, 'cal'), vote('never', 1, 'dan'), vote('never', 2, 'eve')],
      entries: [entry('words', 1, 'ana', 'e1'), entry('words', 2, 'ben', 'e2')],
      upvotes: [{ pollId: 'reset', round: 1, entryId: 'e0', participantId: 'ana' }],
    };
    const current = currentRound(polls, records);
    expect(current.votes.map((v) => v.participantId)).toEqual(['ben', 'cal', 'dan']);
    expect(current.entries.map((e) => e.id)).toEqual(['e1']);
    expect(current.upvotes).toEqual([]);
  });

  it('make every vote and entry of a current round an answer, hidden and held ones too, and its sender a participant', () => {
    const answers = [
      vote('reset', 1, 'ana'),
      vote('reset', 2, 'ben'),
      vote('once', 1, 'ben'),
      entry('words', 1, 'cal', 'e1', 'hidden'),
      entry('words', 1, 'cal', 'e2', 'held'),
    ];
    expect(participation(polls, answers)).toEqual({ participants: 2, answers: 4 });
    expect(participation(polls, [])).toEqual({ participants: 0, answers: 0 });
  });

  it('are grouped by poll, as a poll’s round is rebuilt from them (none: empty)', () => {
    const round = byPoll({
      votes: [vote('once', 1, 'ana', ['a']), vote('once', 1, 'ben', ['b'])],
      entries: [entry('words', 1, 'cal', 'e1')],
      upvotes: [{ pollId: 'words', round: 1, entryId: 'e1', participantId: 'ana' }],
    });
    expect(round('once').answers.map(([participantId, answer]) => [participantId, answer.optionIds])).toEqual([
      ['ana', ['a']],
      ['ben', ['b']],
    ]);
    expect(round('words')).toMatchObject({ answers: [], entries: [{ id: 'e1' }], upvotes: [{ entryId: 'e1' }] });
    expect(round('nothing')).toEqual({ answers: [], entries: [], upvotes: [] });
  });
});
