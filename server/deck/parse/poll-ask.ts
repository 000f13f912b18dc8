// A paired poll's two questions over the same options (`ask`), e.g. "What should you do?" and
// "What would you actually do?": the gap between the two answers is what the room discusses.
// Written as a list of names with the default wording (`ask: [should, would]`), or as
// "name: question" lines for other names or wording.
import { isScalar, isSeq } from 'yaml';
import type { PollAsk } from '../types.js';
import { typographic } from '../typography.js';
import { idProblem } from './ids.js';
import type { Reporter } from './report.js';
import { type Field, scalarText } from './yaml-fields.js';

/** The wording of the names a deck may use without writing their question. */
export const DEFAULT_ASKS: Readonly<Record<string, string>> = {
  should: 'What should you do?',
  would: 'What would you actually do?',
};

const SHAPE = '"ask" must be two names, as in "ask: [should, would]", or two "name: question" lines';

/** The poll's two questions; undefined when `ask` has errors (reported at their line). */
export function readAsk(field: Field, report: Reporter): PollAsk[] | undefined {
  const written = field.fields
    ? field.fields.map((f) => ({ id: f.key, question: scalarText(f.node)?.trim(), line: f.line }))
    : isSeq(field.node)
      ? field.node.items.map((item) => {
          const id = isScalar(item) ? (scalarText(item)?.trim() ?? '') : '';
          return { id, question: DEFAULT_ASKS[id], line: field.line };
        })
      : undefined;
  if (!written || written.length === 0) {
    report.at(field.line, `${SHAPE}; it is empty or neither`);
    return undefined;
  }
  let valid = true;
  const seen = new Set<string>();
  for (const { id, question, line } of written) {
    const problem = idProblem(id);
    if (problem) report.at(line, `invalid ask name "${id}": ${problem}`);
    else if (seen.has(id)) report.at(line, `ask "${id}" is named twice: each question needs its own name`);
    else if (!question) {
      const known = Object.keys(DEFAULT_ASKS).join(', ');
      report.at(line, `ask "${id}" has no question: write it as "${id}: Your question?" (names with a default wording: ${known})`);
    }
    valid &&= !problem && !seen.has(id) && question !== undefined && question !== '';
    seen.add(id);
  }
  if (written.length !== 2) {
    report.at(field.line, `${SHAPE} (found ${written.length})`);
    return undefined;
  }
  return valid ? written.map(({ id, question }) => ({ id, question: typographic(question!) })) : undefined;
}
