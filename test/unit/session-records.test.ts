// Which stored records count (server/session/records.ts): only each poll's shown rounds (its
// current one and those kept by vote again, never a reset one), every vote and entry of them is an
// answer, and a poll's rounds are rebuilt from their own records.
import { describe, expect, it } from 'vitest';
import { byRound, participation, shownRounds } from '../../server/session/records.js';

const polls = [
  { pollId: 'reset', round: 2 },
  { pollId: 'once', round: 1 },
  // Voted on again (round 2 kept), then reset: rounds 2 and 4 are shown, 1 and 3 were reset.
  { pollId: 'again', round: 4, kept: [2] },
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
  it('count in their poll’s shown rounds only (current and kept), round 1 for a poll never stored', () => {
    const records = {
      votes: [
        vote('reset', 1, 'ana'),
        vote('reset', 2, 'ben'),
        vote('once', 1, 'cal'),
        vote('never', 1, 'dan'),
        vote('never', 2, 'eve'),
        ...[1, 2, 3, 4].map((round) => vote('again', round, `fay${round}`)),
      ],
      entries: [entry('words', 1, 'ana', 'e1'), entry('words', 2, 'ben', 'e2')],
      upvotes: [{ pollId: 'reset', round: 1, entryId: 'e0', participantId: 'ana' }],
    };
    const current = shownRounds(polls, records);
    expect(current.votes.map((v) => v.participantId)).toEqual(['ben', 'cal', 'dan', 'fay2', 'fay4']);
    expect(current.entries.map((e) => e.id)).toEqual(['e1']);
    expect(current.upvotes).toEqual([]);
  });

  it('make every vote and entry of a shown round an answer, hidden and held ones too, and its sender a participant', () => {
    const answers = [
      vote('reset', 1, 'ana'),
      vote('reset', 2, 'ben'),
      vote('once', 1, 'ben'),
      entry('words', 1, 'cal', 'e1', 'hidden'),
      entry('words', 1, 'cal', 'e2', 'held'),
      vote('again', 2, 'dan'),
      vote('again', 4, 'dan'),
      vote('again', 3, 'eve'),
      // A role given is no answer.
      vote('_role', 1, 'fay'),
    ];
    expect(participation(polls, answers)).toEqual({ participants: 3, answers: 6 });
    expect(participation(polls, [])).toEqual({ participants: 0, answers: 0 });
  });

  it('are grouped by poll and round, as a poll’s rounds are rebuilt from them (none: empty)', () => {
    const round = byRound({
      votes: [vote('once', 1, 'ana', ['a']), vote('once', 1, 'ben', ['b']), vote('once', 2, 'ana', ['b'])],
      entries: [entry('words', 1, 'cal', 'e1')],
      upvotes: [{ pollId: 'words', round: 1, entryId: 'e1', participantId: 'ana' }],
    });
    expect(round('once', 1).answers.map(([participantId, answer]) => [participantId, answer.optionIds])).toEqual([
      ['ana', ['a']],
      ['ben', ['b']],
    ]);
    expect(round('once', 2).answers.map(([participantId, answer]) => [participantId, answer.optionIds])).toEqual([['ana', ['b']]]);
    expect(round('words', 1)).toMatchObject({ answers: [], entries: [{ id: 'e1' }], upvotes: [{ entryId: 'e1' }] });
    expect(round('nothing', 1)).toEqual({ answers: [], entries: [], upvotes: [] });
  });
});
