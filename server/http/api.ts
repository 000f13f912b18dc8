// The JSON/CSV HTTP API. Reading results or controlling sessions needs the presenter key as a
// bearer token; the public endpoints give only what a participant may know.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import QRCode from 'qrcode';
import { bearerKey, keyMatches } from '../auth/presenter-key.js';
import { EXPORT_FORMATS, exportFileName, isExportFormat } from '../export/formats.js';
import { resultsCsv, sessionResults } from '../export/results.js';
import type { Logger } from '../log.js';
import { createSessionSchema, joinCodeSchema, MAX_MESSAGE_BYTES } from '../protocol.js';
import { ProtocolFailure } from '../session/failure.js';
import type { Session } from '../session/session.js';
import type { Sessions } from '../sessions.js';
import type { LiveNotifier } from '../socket/types.js';

export interface ApiDeps {
  sessions: Sessions;
  live: LiveNotifier;
  presenterKey: string;
  audienceUrl: (code: string) => string;
  presenterUrl: (code: string) => string;
  log: Logger;
}

const STATUS: Record<string, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404 };

export function apiRouter(deps: ApiDeps): Router {
  const { sessions } = deps;
  const router = express.Router();
  router.use(express.json({ limit: MAX_MESSAGE_BYTES }));

  const requireKey = (req: Request, _res: Response, next: NextFunction): void => {
    if (keyMatches(deps.presenterKey, bearerKey(req.get('authorization')))) return next();
    next(new ProtocolFailure('unauthorized', 'This needs the presenter key: Authorization: Bearer <key>.'));
  };

  /** A join code from the request; malformed codes are simply "not found". */
  const validCode = (code: string): string => {
    if (!joinCodeSchema.safeParse(code).success) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return code;
  };

  /** The session named by :code. */
  const session = async (req: Request): Promise<Session> => sessions.require(validCode(String(req.params['code'] ?? '')));

  router.get('/decks', requireKey, (_req, res) => {
    res.json({
      decks: [...sessions.decks.values()].map((d) => ({ id: d.id, title: d.meta.title, polls: d.polls.length })),
    });
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
        participants: s.participants,
        answers: s.answers,
      })),
    });
  });

  router.post('/sessions', requireKey, async (req, res) => {
    const body = createSessionSchema.safeParse(req.body);
    if (!body.success) throw new ProtocolFailure('bad_request', 'Send JSON {"deck": "<deck name>"}.');
    const created = await sessions.create(body.data.deck);
    deps.log.info({ code: created.code, deck: created.deck.id }, 'session created');
    res.status(201).json({
      code: created.code,
      deck: created.deck.id,
      title: created.deck.meta.title,
      audienceUrl: deps.audienceUrl(created.code),
      presenterUrl: deps.presenterUrl(created.code),
    });
  });

  router.get('/sessions/:code', async (req, res) => {
    const s = await session(req);
    res.json({
      code: s.code,
      title: s.deck.meta.title,
      polls: s.deck.polls.map(({ id, type, question, options, limit, scale, text }) => ({ id, type, question, options, limit, scale, text })),
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

  router.post('/sessions/:code/end', requireKey, async (req, res) => {
    const s = await session(req);
    await sessions.end(s);
    deps.live.sessionEnded(s);
    deps.log.info({ code: s.code }, 'session ended');
    res.json({ code: s.code, endedAt: new Date(s.endedAt!).toISOString() });
  });

  router.delete('/sessions/:code', requireKey, async (req, res) => {
    const s = await session(req);
    await sessions.delete(s.code);
    deps.live.sessionDeleted(s.code);
    deps.log.info({ code: s.code }, 'session deleted');
    res.status(204).end();
  });

  router.get('/sessions/:code/export', requireKey, async (req, res) => {
    const format = String(req.query['format'] ?? '');
    if (!isExportFormat(format)) {
      throw new ProtocolFailure('bad_request', `format must be one of: ${Object.keys(EXPORT_FORMATS).join(', ')}.`);
    }
    const others = String(req.query['with'] ?? '')
      .split(',')
      .filter(Boolean)
      .map(validCode);
    const codes = [...new Set([validCode(String(req.params['code'] ?? '')), ...others])];
    if (codes.length > 1 && !EXPORT_FORMATS[format].compares) {
      throw new ProtocolFailure('bad_request', 'Only the html report compares sessions.');
    }
    const exports = await Promise.all(codes.map((code) => sessions.exportOf(code)));
    if (new Set(exports.map((e) => e.session.deck)).size > 1) {
      throw new ProtocolFailure('bad_request', 'Only sessions of the same deck can be compared.');
    }
    res
      .type(EXPORT_FORMATS[format].contentType)
      .attachment(exportFileName(exports, format))
      .send(await EXPORT_FORMATS[format].render(exports));
  });

  router.get('/sessions/:code/results.json', requireKey, async (req, res) => {
    res.json(sessionResults(await sessions.exportOf((await session(req)).code)));
  });

  router.get('/sessions/:code/results.csv', requireKey, async (req, res) => {
    const s = await session(req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`parley-${s.deck.id}-${s.code}-results.csv`)
      .send(resultsCsv(sessionResults(await sessions.exportOf(s.code))));
  });

  router.use((_req, _res, next) => next(new ProtocolFailure('not_found', 'No such API endpoint.')));

  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ProtocolFailure) {
      res.status(STATUS[err.code] ?? 400).json({ error: err.toError() });
      return;
    }
    // Body parser errors (malformed JSON, too large) carry their own 4xx status.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'bad_request', message: (err as Error).message } });
      return;
    }
    deps.log.error({ err }, 'API request failed');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error.' } });
  });

  return router;
}
