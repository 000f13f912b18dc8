// The HTTP contract, checked from outside with real requests.
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import type { Poll } from '../../server/deck/types.js';
import { EXPORT_FORMATS } from '../../server/export/formats.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const auth = { authorization: `Bearer ${PRESENTER_KEY}` };

describe('HTTP API', () => {
  it('reports health', async () => {
    const server = await newParley();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    // Exactly what docs/protocol.md and the README say it answers.
    expect(await res.json()).toEqual({ ok: true, store: 'writable', uptime: expect.any(Number) });
  });

  it('serves the phone page at / and /j/:code and the presenter page at /present', async () => {
    const server = await newParley();
    for (const path of ['/', '/j/ABCDE', '/present', '/present?session=ABCDE']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
    }
    const audience = await (await fetch(`${server.url}/`)).text();
    const presenter = await (await fetch(`${server.url}/present`)).text();
    expect(audience).not.toBe(presenter);
  });

  it('creates a session with the presenter key: 201 with code and URLs', async () => {
    const server = await newParley();
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ deck: 'workshop' }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { code: string; audienceUrl: string; presenterUrl: string };
    expect(body.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/);
    expect(body.audienceUrl).toBe(`${server.baseUrl}/j/${body.code}`);
    expect(body.presenterUrl).toBe(`${server.baseUrl}/present?session=${body.code}`);
    expect(body.presenterUrl).not.toContain(PRESENTER_KEY);
  });

  it('lists the sessions for the start page: live or ended, with the join link phones use', async () => {
    const server = await newParley();
    const create = async () =>
      (await (
        await fetch(`${server.url}/api/sessions`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"deck":"workshop"}',
        })
      ).json()) as { code: string; audienceUrl: string };
    const ended = await create();
    const live = await create();
    expect((await fetch(`${server.url}/api/sessions/${ended.code}/end`, { method: 'POST', headers: auth })).status).toBe(200);

    const res = await fetch(`${server.url}/api/sessions`, { headers: auth });
    const { sessions } = (await res.json()) as { sessions: { code: string; live: boolean; endedAt: string | null; audienceUrl: string }[] };
    const byCode = new Map(sessions.map((s) => [s.code, s]));
    expect(byCode.get(live.code)).toMatchObject({ live: true, endedAt: null, audienceUrl: live.audienceUrl });
    expect(byCode.get(ended.code)).toMatchObject({ live: false, audienceUrl: ended.audienceUrl });
    expect(byCode.get(ended.code)!.endedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('refuses to create a session without a valid key, and explains a bad body', async () => {
    const server = await newParley();
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({}, '{"deck":"workshop"}')).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong-key' }, '{"deck":"workshop"}')).status).toBe(401);
    expect((await post({ authorization: PRESENTER_KEY }, '{"deck":"workshop"}')).status).toBe(401);
    const badJson = await post(auth, '{"deck":');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await post(auth, '{"deck":"../etc/passwd"}')).status).toBe(400);
    expect((await post(auth, '{"deck":"no-such-deck"}')).status).toBe(404);
  });

  it('lists every poll of the mentoring deck, of all seven types, with what a client needs to show it', async () => {
    const decks = loadDecks(join(import.meta.dirname, '..', '..', 'slides'));
    const server = await newParley({ decks });
    const code = await server.createSession('mentoring');
    const body = (await (await fetch(`${server.url}/api/sessions/${code}`)).json()) as { polls: Poll[] };
    expect(body.polls).toHaveLength(decks.get('mentoring')!.polls.length);
    expect(new Set(body.polls.map((p) => p.type))).toEqual(new Set(['single', 'multi', 'yesno', 'scale', 'text', 'rank', 'qa']));
    expect(body.polls.find((p) => p.id === 'first-meeting-ideas')).toMatchObject({ type: 'text', options: [], text: { length: 80, answers: 3 } });
    expect(body.polls.find((p) => p.id === 'fit-multiple-mentors')).toMatchObject({ type: 'scale', scale: { max: 5 } });
    expect(body.polls.find((p) => p.id === 'table3-steps-rank')?.options).toHaveLength(6);
    expect(body.polls.find((p) => p.id === 'closing-questions')).toMatchObject({ type: 'qa', text: { answers: 3 } });
  });

  it('describes a session publicly: every poll with its options, but no results', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const res = await fetch(`${server.url}/api/sessions/${code}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; title: string; polls: unknown[] };
    expect(body.code).toBe(code);
    expect(body.title).toBe('Test Workshop');
    expect(body.polls).toEqual([
      {
        id: 'branch-a',
        type: 'single',
        question: 'How should you respond?',
        options: [
          { id: 'talk', label: 'Talk to them' },
          { id: 'wait', label: 'Wait and see' },
          { id: 'escalate', label: 'Ask the program director' },
        ],
      },
      expect.objectContaining({ id: 'topics', type: 'multi', limit: 2 }),
      {
        id: 'friend',
        type: 'yesno',
        question: 'Should you accept?',
        options: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No' },
          { id: 'depends', label: 'It depends' },
        ],
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/count|respondents/);
    expect((await fetch(`${server.url}/api/sessions/ZZZZZ`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/not-a-code`)).status).toBe(404);
  });

  it('gives results as CSV and JSON only with the key', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' }));
    const phones = await Promise.all([server.client(), server.client()]);
    for (const [i, phone] of phones.entries()) {
      ok(await request(phone, 'audience:join', { code, participantId: `participant-${i}` }));
    }
    ok(await request(phones[0]!, 'audience:vote', { pollId: 'topics', optionIds: ['goals', 'rules'] }));
    ok(await request(phones[1]!, 'audience:vote', { pollId: 'topics', optionIds: ['rules'] }));

    for (const file of ['results.csv', 'results.json']) {
      expect((await fetch(`${server.url}/api/sessions/${code}/${file}`)).status, file).toBe(401);
      expect((await fetch(`${server.url}/api/sessions/ZZZZZ/${file}`, { headers: auth })).status, file).toBe(404);
    }

    const csvRes = await fetch(`${server.url}/api/sessions/${code}/results.csv`, { headers: auth });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['poll_id', 'question', 'option_id', 'label', 'count']);
    expect(rows.filter((r) => r.poll_id === 'topics')).toEqual([
      { poll_id: 'topics', question: 'What should you discuss?', option_id: 'goals', label: 'Goals', count: '1' },
      { poll_id: 'topics', question: 'What should you discuss?', option_id: 'rules', label: 'Ground rules', count: '2' },
      { poll_id: 'topics', question: 'What should you discuss?', option_id: 'time', label: 'Meeting frequency', count: '0' },
    ]);
    expect(rows).toHaveLength(3 + 3 + 3);

    const json = (await (await fetch(`${server.url}/api/sessions/${code}/results.json`, { headers: auth })).json()) as {
      polls: { id: string; respondents: number; options: { id: string; count: number }[] }[];
    };
    const topics = json.polls.find((p) => p.id === 'topics')!;
    expect(topics.respondents).toBe(2);
    expect(topics.options.map((o) => [o.id, o.count])).toEqual([
      ['goals', 1],
      ['rules', 2],
      ['time', 0],
    ]);
  });

  it('tells browsers and proxies to keep no copy of results, exports or anything else the key reads', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const other = await server.createSession();
    const keyed = [
      '/api/decks',
      '/api/sessions',
      `/api/sessions/${code}/deck`,
      `/api/sessions/${code}/results.json`,
      `/api/sessions/${code}/results.csv`,
      ...Object.keys(EXPORT_FORMATS).map((format) => `/api/sessions/${code}/export?format=${format}`),
      `/api/sessions/${code}/export?format=html&with=${other}`,
    ];
    for (const path of keyed) {
      const res = await fetch(`${server.url}${path}`, { headers: auth });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    // Changes too, and refusals (a 401 for a wrong key is no one's to keep either).
    const ended = await fetch(`${server.url}/api/sessions/${other}/end`, { method: 'POST', headers: auth });
    expect(ended.status).toBe(200);
    expect(ended.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${server.url}/api/sessions/${code}/results.json`)).headers.get('cache-control')).toBe('no-store');
    // What anybody may read is not concerned: the QR code is cached as before.
    expect((await fetch(`${server.url}/api/sessions/${code}/qr.svg`)).headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('serves the join QR code as SVG', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const res = await fetch(`${server.url}/api/sessions/${code}/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg[^>]*>.*<path/s);
  });
});
