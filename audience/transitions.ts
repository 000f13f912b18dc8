// Pieces shared by the update modules. Each transition works on `s`, update()'s own shallow copy
// of the state (with `net` copied too): it may assign its fields, never change what they point to
// (a map, a set, a pending vote is replaced, not edited), so the state it was given stays as it was.
// It pushes what should happen to `out`, and returns whether the screen has to be drawn again.
import type { MyAnswer } from '../server/protocol.js';
import type { Command } from './commands.js';
import type { StatusKind } from './model.js';
import type { PageState, PollRound } from './state.js';
import type { Phrase } from './words.js';

export type Out = Command[];

export function setStatus(s: PageState, at: PollRound, kind: StatusKind, text: Phrase): void {
  s.status = { pollId: at.pollId, round: at.round, kind, text };
}

export function announce(out: Out, ...parts: (Phrase | string)[]): void {
  out.push({ type: 'announce', parts });
}

/** Announces a status phrase without its leading "✓ " (the mark is for the eye), then `more`. */
export function announceUnmarked(out: Out, ...parts: Phrase[]): void {
  out.push({ type: 'announce', parts, unmarked: true });
}

/** Joins the session again on this connection (a no-op while not connected: the connect joins). */
export function requestJoin(s: PageState, out: Out): void {
  if (!s.code || !s.net.connected) return;
  s.joinSeq++;
  out.push({ type: 'join', seq: s.joinSeq, conn: s.net.conn, code: s.code, watching: s.watching });
}

/** Records a vote's answer; the one it replaces, from an earlier round, is kept in `earlier` (vote again). */
export function recordAnswer(s: PageState, answer: MyAnswer): void {
  const old = s.answers.get(answer.pollId);
  if (old && old.round !== answer.round) s.earlier = withAnswer(s.earlier, old);
  s.answers = withAnswer(s.answers, answer);
}

/** A copy of `answers` with `answer` stored under its poll id. */
export function withAnswer<T extends { pollId: string }>(answers: ReadonlyMap<string, T>, answer: T): Map<string, T> {
  return new Map(answers).set(answer.pollId, answer);
}
