// Split by role without unmasking anyone (issue 19, part 4), through real sockets and the real
// store: a deck that names roles has phones give theirs once; each revealed chart carries its
// counts per role, and a role held by fewer than MIN_GROUP_SIZE respondents is never shown on its
// own — its answers stay in the total. A role is stored like a vote.
import { describe, expect, it } from 'vitest';
import { caseDecks, ROLES, responseSlide, roleRoom } from '../helpers/dr-x.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const decks = caseDecks('roles.md', 'Roles', [responseSlide('respond-a', ['talk', 'leave'], { heading: "Dr. X's response A" })], ROLES);
const POLL = 'respond-a';

/** Five residents, four fellows (under the floor of 5), one faculty, four who prefer not to say. */
const ROOM = roleRoom(4);

async function roomVoted(server: TestServer): Promise<{ code: string; console_: TestSocket; phones: Map<string, TestSocket> }> {
  const code = await server.createSession('roles');
  const console_ = await server.presenter(code);
  ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
  ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'open' }));
  const phones = new Map<string, TestSocket>();
  for (const [name, role, answer] of ROOM) {
    const phone = await server.participant(code, `phone-${name}-0001`);
    phones.set(name, phone);
    expect(ok(await request(phone, 'audience:role', { role }))).toEqual({ role });
    ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: [answer] }));
  }
  return { code, console_, phones };
}

const SPLIT = {
  floor: 5,
  groups: [
    { role: 'resident', tally: { counts: { talk: 4, leave: 1 }, respondents: 5 } },
    { role: 'fellow', hidden: 'small' },
    { role: 'faculty', hidden: 'small' },
  ],
};

describe('roles', () => {
  it('are offered to every phone, and a phone that gave one is not asked again', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('roles');
    const phone = await server.client();
    const first = ok(await request(phone, 'audience:join', { code, participantId: 'phone-new-0001' }));
    expect(first.state.roles).toEqual([
      { id: 'resident', label: 'Resident' },
      { id: 'fellow', label: 'Fellow' },
      { id: 'faculty', label: 'Faculty' },
    ]);
    expect(first).not.toHaveProperty('role');
    ok(await request(phone, 'audience:role', { role: 'fellow' }));
    expect(ok(await request(phone, 'audience:join', { code, participantId: 'phone-new-0001' })).role).toBe('fellow');
    ok(await request(phone, 'audience:role', { role: null }));
    expect(ok(await request(phone, 'audience:join', { code, participantId: 'phone-new-0001' })).role).toBeNull();
    // Not a role of the deck.
    expect(await request(phone, 'audience:role', { role: 'dean' })).toMatchObject({ ok: false, error: { code: 'invalid_vote' } });
  });

  it('split the counts, a group of 4 left out and one of 5 shown, and only after the reveal on the projector', async () => {
    const server = await newParley({ decks });
    const { code, console_ } = await roomVoted(server);
    const projector = await server.client();
    const blind = ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    expect(blind.polls.find((p) => p.id === POLL)!.tally).toEqual({ pollId: POLL, counts: {}, respondents: 14, blind: true });

    const state = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    // The total keeps every answer: the fellows', the faculty member's and the unsaid ones too.
    expect(state.tally).toEqual({ pollId: POLL, counts: { talk: 8, leave: 6 }, respondents: 14, byRole: SPLIT });
    const shown = ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    expect(shown.polls.find((p) => p.id === POLL)!.tally.byRole).toEqual(SPLIT);

    // A fifth fellow: the group is shown (the rest, 1 faculty and 4 unsaid, is 5: not a small
    // group either), and the console is told without asking.
    const told = nextEvent(console_, 'presenter:tally', (u) => u.tallies.some((t) => t.byRole?.groups[1]?.tally !== undefined));
    const f5 = await server.participant(code, 'phone-f5-0001');
    ok(await request(f5, 'audience:vote', { pollId: POLL, optionIds: ['talk'] }));
    ok(await request(f5, 'audience:role', { role: 'fellow' }));
    const fellows = (await told).tallies.find((t) => t.pollId === POLL)!.byRole!.groups[1];
    expect(fellows).toEqual({ role: 'fellow', tally: { counts: { talk: 1, leave: 4 }, respondents: 5 } });
  });

  it('are stored like votes: a restarted server splits the same way', async () => {
    const first = await newParley({ decks });
    const { code } = await roomVoted(first);
    await first.close();
    const server = await newParley({ decks, dataDir: first.dataDir });
    const console_ = await server.client();
    const state = ok(await request(console_, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === POLL)!.tally.byRole).toEqual(SPLIT);
    const r1 = ok(await request(await server.client(), 'audience:join', { code, participantId: 'phone-r1-0001' }));
    expect(r1.role).toBe('resident');
  });

  it('follow MIN_GROUP_SIZE, never below 3, and are refused in a deck without roles and once the session ended', async () => {
    const server = await newParley({ decks, env: { MIN_GROUP_SIZE: '4' } });
    const { code, console_, phones } = await roomVoted(server);
    const state = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'close' }));
    expect(state.tally.byRole).toEqual({
      floor: 4,
      groups: [
        { role: 'resident', tally: { counts: { talk: 4, leave: 1 }, respondents: 5 } },
        { role: 'fellow', tally: { counts: { talk: 0, leave: 4 }, respondents: 4 } },
        { role: 'faculty', hidden: 'small' },
      ],
    });
    await expect(newParley({ decks, env: { MIN_GROUP_SIZE: '2' } })).rejects.toThrow(/MIN_GROUP_SIZE.*at least 3/);

    const ended = await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(ended.status).toBe(200);
    expect(await request(phones.get('r1')!, 'audience:role', { role: 'fellow' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This session has ended.' },
    });

    const plain = await newParley();
    const other = await plain.createSession();
    const phone = await plain.participant(other, 'phone-plain-0001');
    expect(await request(phone, 'audience:role', { role: 'resident' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'This session asks for no role.' },
    });
  });

  it('never leave a small group readable as the total minus the groups shown', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('roles');
    const console_ = await server.client();
    ok(await request(console_, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'open' }));
    // Six residents, five fellows, two faculty: the faculty pair would be the total minus the others.
    const room = [...Array(6).fill('resident'), ...Array(5).fill('fellow'), 'faculty', 'faculty'] as string[];
    for (const [i, role] of room.entries()) {
      const phone = await server.participant(code, `phone-small-${String(i).padStart(4, '0')}`);
      ok(await request(phone, 'audience:role', { role }));
      ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: [role === 'faculty' ? 'leave' : 'talk'] }));
    }
    const state = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'close' }));
    // The fellows (the smallest group shown) are left out too: the rest is then 7, not 2. They
    // are 5, so the reason sent is not "fewer than 5" but the complement's.
    expect(state.tally.byRole).toEqual({
      floor: 5,
      groups: [
        { role: 'resident', tally: { counts: { talk: 6, leave: 0 }, respondents: 6 } },
        { role: 'fellow', hidden: 'complement' },
        { role: 'faculty', hidden: 'small' },
      ],
    });
  });
});
