// The exports' pseudonyms read back, for tests: which stored participant a per-poll pseudonym stands for.
import { pollPseudonyms } from '../../server/export/pseudonyms.js';

/** A fixed server secret for exports built without a server. */
export const TEST_SECRET = Buffer.alloc(32, 7);

/**
 * The stored id (one of `ids`) behind each of a session's per-poll pseudonyms: a voter's (`V…`)
 * and an author's (`E…`) alike, so that rows can be read by name.
 */
export function namesOf(secret: Buffer, code: string, pollIds: readonly string[], ids: readonly string[]): Map<string, string> {
  const { voter, author } = pollPseudonyms(secret, code);
  return new Map(pollIds.flatMap((pollId) => ids.flatMap((id) => [[voter(pollId, id), id] as const, [author(pollId, id), id] as const])));
}
