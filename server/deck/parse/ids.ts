// The one rule for the ids an author writes: poll ids, option ids and slide ids alike, since
// votes, exports and branch links refer to them.

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_ID_LENGTH = 64;

/** Why `id` cannot be a poll, option or slide id, or undefined when it can. */
export function idProblem(id: string): string | undefined {
  if (id.length > MAX_ID_LENGTH) return `ids are at most ${MAX_ID_LENGTH} characters`;
  if (!ID_PATTERN.test(id)) {
    return 'ids may only contain letters, digits, "-" and "_", and must start with a letter or digit';
  }
  return undefined;
}
