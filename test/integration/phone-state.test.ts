// What phones are sent: their whole state, once for the presenter's steps that come together
// (server/socket/phone-state.ts). With thousands of phones on one Wi-Fi, a slide and its poll
// opened, or a poll closed and its results shown, is one message to each phone, not two.
import { describe, expect, it } from 'vitest';
import { caughtUp, recordEvents, statesOf } from '../helpers/events.js';
import { newParley, ok, request } from '../helpers/server.js';

const BRANCH_A = { h: 1, v: 1 };

describe("the phones' state", () => {
  it('reaches each phone once for steps taken together, showing where they ended', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    const phones = await Promise.all(['participant-ana-1', 'participant-ben-2'].map((id) => server.participant(code, id)));
    const logs = phones.map((phone) => recordEvents(phone));

    // The facilitator goes to the case's branch, opens its poll, closes it and shows the results:
    // four steps, each acknowledged before the next is sent.
    const started = Date.now();
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    const tookMs = Date.now() - started;
    await Promise.all(phones.map((phone) => caughtUp(phone)));

    for (const log of logs) {
      const states = statesOf(log);
      // One state when the steps came within 40 ms of each other (two if a loaded machine spread them); never one per step.
      expect(states.length, `${states.length} states for 4 steps taken in ${tookMs} ms`).toBeLessThanOrEqual(2);
      expect(states.at(-1)).toMatchObject({ slide: { position: BRANCH_A }, poll: { id: 'branch-a', status: 'closed', revealed: true } });
    }
  });

  it('reaches each phone after a single step, and only once', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    const phone = await server.participant(code, 'participant-ana-1');
    const log = recordEvents(phone);
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    await expect.poll(() => statesOf(log).length).toBe(1);
    expect(statesOf(log)[0]).toMatchObject({ slide: { position: BRANCH_A } });
    await caughtUp(phone);
    expect(statesOf(log)).toHaveLength(1);
  });
});
