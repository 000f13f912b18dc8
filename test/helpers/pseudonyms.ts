// The exports' pseudonyms read back, for tests: which stored participant a per-poll pseudonym stands for.
import { pollPseudonyms } from '../../server/export/pseudonyms.js';
import { sessionParticipantId } from '../../server/privacy/pseudonym.js';

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

/** As namesOf, for phones that joined session `code` (stored under their per-session ids): the phone's own id behind each pseudonym. */
export function phoneNamesOf(secret: Buffer, code: string, pollIds: readonly string[], phoneIds: readonly string[]): Map<string, string> {
  const phones = new Map(phoneIds.map((phone) => [sessionParticipantId(secret, code, phone), phone]));
  return new Map([...namesOf(secret, code, pollIds, [...phones.keys()])].map(([pseudonym, id]) => [pseudonym, phones.get(id)!]));
}

/**
 * Records read from a store, keyed by stored id, rekeyed by the phone each stands for (one of
 * `phoneIds`: the ids the phones sent when they joined session `code`); an id of no such phone
 * keeps its key.
 */
export function byPhone<V>(stored: Iterable<readonly [string, V]>, secret: Buffer, code: string, phoneIds: Iterable<string>): Map<string, V> {
  const phones = new Map([...phoneIds].map((phone) => [sessionParticipantId(secret, code, phone), phone]));
  return new Map([...stored].map(([id, value]) => [phones.get(id) ?? id, value]));
}
