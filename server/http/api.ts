// The JSON/CSV HTTP API. Reading results or controlling sessions needs the presenter key as a
// bearer token; the public endpoints give only what a participant may know. The key is checked
// before any body is read; bodies are JSON of at most MAX_BODY_BYTES, checked against the shared
// schemas; an address that keeps sending wrong keys is made to wait (limits.ts).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import QRCode from 'qrcode';
import { bearerKey, keyMatches } from '../auth/presenter-key.js';
import { EXPORT_FORMATS, exportFileName, isExportFormat } from '../export/formats.js';
import { resultsCsv, sessionResults } from '../export/results.js';
import type { Logger } from '../log.js';
import { ThrottledLog } from '../log-throttle.js';
import type { ClientAddress } from '../client-address.js';
import {
  audienceFields,
  createSessionSchema,
  type ErrorCode,
  emptyBodySchema,
  joinCodeSchema,
  MAX_BODY_BYTES,
  MAX_COMPARED_SESSIONS,
} from '../protocol.js';
import { ProtocolFailure } from '../session/failure.js';
import { handoutOf } from '../session/handout.js';
import type { Session } from '../session/session.js';
import { NotStoredError, type Sessions } from '../sessions.js';
import type { SharedCounts } from '../rate-limit.js';
import { AbuseLimits, RateLimited } from '../socket/limits.js';

export interface ApiDeps {
  sessions: Sessions;
  presenterKey: string;
  audienceUrl: (code: string) => string;
  presenterUrl: (code: string) => string;
  log: Logger;
  /** The client's address (behind a trusted proxy: the one it forwards). */
  clientAddress: ClientAddress;
  /** With REDIS_URL: wrong keys per address are counted in Redis, by every process together. */
  sharedLimits?: SharedCounts;
  /** The server secret (the store's): the exports' pseudonyms are derived from it. */
  secret: Buffer;
}

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  poll_closed: 400,
  invalid_vote: 400,
  not_joined: 400,
  rate_limited: 429,
  // The server could not do it now (e.g. the store refused the write): try again later.
  internal: 503,
};

/** What body-parser's errors mean, in words a client author can act on. */
const BODY_ERRORS: Record<string, [status: number, message: string]> = {
  'entity.parse.failed': [400, 'The request body is not valid JSON.'],
  'entity.too.large': [413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`],
  'encoding.unsupported': [415, 'The request body must not be compressed.'],
  'charset.unsupported': [415, 'The request body must be UTF-8 JSON.'],
};

export function apiRouter(deps: ApiDeps): Router {
  const { sessions } = deps;
  const router = express.Router();
  // Wrong keys per address (this router's own count; the socket layer keeps another).
  const keyGuesses = new AbuseLimits({ scope: 'api', shared: deps.sharedLimits });
  const notStoredLog = new ThrottledLog(deps.log);

  /** A JSON body (strict: an object or array), read only once the key was checked. */
  const parseJson = express.json({ limit: MAX_BODY_BYTES, strict: true });
  const json = (req: Request, res: Response, next: NextFunction): void => {
    // A body in another format is refused rather than ignored (an empty one is no body).
    const length = req.get('content-length');
    const hasContent = req.get('transfer-encoding') !== undefined || (length !== undefined && Number(length) !== 0);
    if (hasContent && !req.is('application/json')) {
      next(new ProtocolFailure('bad_request', 'Send the body as JSON (Content-Type: application/json).'));
      return;
    }
    parseJson(req, res, next);
  };

  /** Requests that take no body: none, or `{}`. */
  const noBody = (req: Request): void => {
    if (!emptyBodySchema.safeParse(req.body).success) throw new ProtocolFailure('bad_request', 'This request takes no body.');
  };

  const requireKey = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // What the key unlocks (results, exports, the deck's notes, the session list) is kept by no
    // browser or proxy cache: a shared computer or proxy would hand it to the next person.
    res.set('Cache-Control', 'no-store');
    const address = deps.clientAddress(req);
    const given = bearerKey(req.get('authorization'));
    try {
      await keyGuesses.checkKeyGuess(address);
    } catch (err) {
      next(err);
      return;
    }
    if (keyMatches(deps.presenterKey, given)) {
      next();
      return;
    }
    if (given !== undefined) {
      await keyGuesses.wrongKey(address);
      deps.log.warn({ address, path: req.path }, 'API request with a wrong presenter key');
    }
    next(new ProtocolFailure('unauthorized', 'This needs the presenter key: Authorization: Bearer <key>.'));
  };

  /** A join code from the request; malformed codes are simply "not found". */
  const validCode = (code: string): string => {
    if (!joinCodeSchema.safeParse(code).success) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return code;
  };

  /** The session named by :code. */
  const session = async (req: Request): Promise<Session> => sessions.require(validCode(String(req.params.code ?? '')));

  router.get('/decks', requireKey, (_req, res) => {
    res.json({
      decks: [...sessions.decks.values()].map((d) => ({ id: d.id, title: d.meta.title, polls: d.polls.length })),
    });
  });

  // The handout page's data: the deck without its notes; with ?session=CODE, what that session's
  // room was shown of the results (session/handout.ts).
  router.get('/decks/:deck/handout', requireKey, async (req, res) => {
    const deck = sessions.decks.get(String(req.params.deck));
    if (!deck) throw new ProtocolFailure('not_found', `No deck ${String(req.params.deck)}.`);
    const code = req.query.session === undefined ? undefined : String(req.query.session).trim().toUpperCase();
    const s = code === undefined ? undefined : await sessions.require(validCode(code));
    if (s && s.deck.id !== deck.id) throw new ProtocolFailure('bad_request', `Session ${s.code} is of deck ${s.deck.id}, not ${deck.id}.`);
    res.json(handoutOf(deck, s));
  });

  router.get('/sessions', requireKey, async (_req, res) => {
    const list = await sessions.list();
    res.json({
      sessions: list.map((s) => ({
        code: s.code,
        deck: s.deckId,
        title: s.title,
        startedAt: new Date(s.createdAt).toISOString(),
        endedAt: s.endedAt === null ? null : new Date(s.endedAt).toISOString(),
        live: s.endedAt === null,
        ...(s.followUpOf && { followUpOf: s.followUpOf }),
        ...(s.selfPaced && { selfPaced: { opens: new Date(s.selfPaced.opens).toISOString(), closes: new Date(s.selfPaced.closes).toISOString() } }),
        participants: s.participants,
        answers: s.answers,
        audienceUrl: deps.audienceUrl(s.code),
      })),
    });
  });

  router.post('/sessions', requireKey, json, async (req, res) => {
    const body = createSessionSchema.safeParse(req.body);
    if (!body.success)
      throw new ProtocolFailure(
        'bad_request',
        'Send JSON {"deck": "<deck name>"}, or {"deck": "<deck name>", "followUp": "<join code>"}, or {"deck": "<deck name>", "selfPaced": {"opens": "<date>", "closes": "<later date>"}}.',
      );
    const created = await sessions.create(body.data.deck, body.data.followUp, body.data.selfPaced);
    deps.log.info(
      { code: created.code, deck: created.deck.id, followUpOf: created.followUpOf ?? undefined, selfPaced: created.selfPaced ?? undefined },
      'session created',
    );
    res.status(201).json({
      code: created.code,
      deck: created.deck.id,
      title: created.deck.meta.title,
      ...(created.followUpOf !== null && { followUpOf: created.followUpOf }),
      ...(created.selfPaced !== null && { selfPaced: created.selfPaced }),
      audienceUrl: deps.audienceUrl(created.code),
      presenterUrl: deps.presenterUrl(created.code),
    });
  });

  router.get('/sessions/:code', async (req, res) => {
    const s = await session(req);
    res.json({
      code: s.code,
      title: s.deck.meta.title,
      polls: s.deck.polls.map(audienceFields),
    });
  });

  router.get('/sessions/:code/qr.svg', async (req, res) => {
    const s = await session(req);
    const svg = await QRCode.toString(deps.audienceUrl(s.code), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600').send(svg);
  });

  router.get('/sessions/:code/deck', requireKey, async (req, res) => {
    res.json((await session(req)).deck);
  });

  router.post('/sessions/:code/end', requireKey, json, async (req, res) => {
    noBody(req);
    const s = await session(req);
    await sessions.end(s);
    deps.log.info({ code: s.code }, 'session ended');
    res.json({ code: s.code, endedAt: new Date(s.endedAt!).toISOString() });
  });

  router.delete('/sessions/:code', requireKey, json, async (req, res) => {
    noBody(req);
    const s = await session(req);
    await sessions.delete(s.code);
    deps.log.info({ code: s.code }, 'session deleted');
    res.status(204).end();
  });

  router.get('/sessions/:code/export', requireKey, async (req, res) => {
    const format = String(req.query.format ?? '');
    if (!isExportFormat(format)) {
      throw new ProtocolFailure('bad_request', `format must be one of: ${Object.keys(EXPORT_FORMATS).join(', ')}.`);
    }
    const others = String(req.query.with ?? '')
      .split(',')
      .filter(Boolean)
      .map(validCode);
    const codes = [...new Set([validCode(String(req.params.code ?? '')), ...others])];
    if (codes.length > MAX_COMPARED_SESSIONS) {
      throw new ProtocolFailure('bad_request', `A report compares at most ${MAX_COMPARED_SESSIONS} sessions.`);
    }
    if (codes.length > 1 && !EXPORT_FORMATS[format].compares) {
      throw new ProtocolFailure('bad_request', 'Only the html report compares sessions.');
    }
    // One pseudonym per participant across polls only when asked for (export/linked.ts).
    const linked = req.query.linked === '1';
    const exports = await Promise.all(codes.map((code) => sessions.exportOf(code, { secret: deps.secret, linked })));
    if (new Set(exports.map((e) => e.session.deck)).size > 1) {
      throw new ProtocolFailure('bad_request', 'Only sessions of the same deck can be compared.');
    }
    res
      .type(EXPORT_FORMATS[format].contentType)
      .attachment(exportFileName(exports, format))
      .send(await EXPORT_FORMATS[format].render(exports));
  });

  router.get('/sessions/:code/results.json', requireKey, async (req, res) => {
    res.json(sessionResults(await sessions.exportOf((await session(req)).code, { secret: deps.secret })));
  });

  router.get('/sessions/:code/results.csv', requireKey, async (req, res) => {
    const s = await session(req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`parley-${s.deck.id}-${s.code}-results.csv`)
      .send(resultsCsv(sessionResults(await sessions.exportOf(s.code, { secret: deps.secret }))));
  });

  router.use((_req, _res, next) => next(new ProtocolFailure('not_found', 'No such API endpoint.')));

  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ProtocolFailure) {
      if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfterSeconds));
      res.status(STATUS[err.code] ?? 400).json({ error: err.toError() });
      return;
    }
    // Body parser errors (malformed JSON, too large) carry their own 4xx status.
    const { status, type } = err as { status?: unknown; type?: unknown };
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const [known, message] = BODY_ERRORS[String(type)] ?? [status, 'The request body could not be read.'];
      res.status(known).json({ error: { code: 'bad_request', message } });
      return;
    }
    if (err instanceof NotStoredError) {
      // Nothing was changed: the same request can be sent again once storage works.
      notStoredLog.error({ err: err.cause }, 'an API change could not be stored');
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ error: { code: 'internal', message: 'That could not be saved (storage is failing) — nothing was changed; try again.' } });
      return;
    }
    deps.log.error({ err }, 'API request failed');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error.' } });
  });

  return router;
}
