// GET /healthz: whether this server can do its job right now — it is not shutting down, and the
// store takes a write (a real one, read back: a tiny row committed through SQLite's write queue,
// or a key Redis has answered for).
// 200 {ok: true, store: "writable", uptime}; 503 {ok: false, store, reason, uptime} otherwise.
import type { RequestHandler } from 'express';

export interface HealthDeps {
  /** Resolves once a test write is committed and read back; rejects with the reason. */
  checkStore: () => Promise<void>;
  /** True from the moment shutdown starts. */
  closing: () => boolean;
  startedAt: number;
}

export interface Health {
  ok: boolean;
  store: 'writable' | 'unwritable' | 'closing';
  /** Seconds since the server started. */
  uptime: number;
  reason?: string;
}

export function healthHandler(deps: HealthDeps): RequestHandler {
  return async (_req, res) => {
    const uptime = Math.round((Date.now() - deps.startedAt) / 1000);
    res.set('Cache-Control', 'no-store');
    const answer = (status: number, health: Health): void => {
      res.status(status).json(health);
    };
    if (deps.closing()) {
      answer(503, { ok: false, store: 'closing', uptime, reason: 'Parley is shutting down.' });
      return;
    }
    try {
      await deps.checkStore();
      answer(200, { ok: true, store: 'writable', uptime });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      answer(503, { ok: false, store: deps.closing() ? 'closing' : 'unwritable', uptime, reason: reason.slice(0, 300) });
    }
  };
}
