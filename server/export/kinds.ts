// Every kind of poll with its part in the exports (kinds/): a new kind of poll is a new module
// there and a line here, which TypeScript asks for once the kind joins PollType. The formats ask
// a poll's kind rather than test its type.
import type { PollOf, PollType } from '../deck/types.js';
import { single, yesno } from './kinds/choice.js';
import type { ExportKind } from './kinds/kind.js';
import { multi } from './kinds/multi.js';
import { paired } from './kinds/paired.js';
import { qa } from './kinds/qa.js';
import { rank } from './kinds/rank.js';
import { scale } from './kinds/scale.js';
import { text } from './kinds/text.js';
import type { ExportPoll } from './types.js';

const KINDS: { [T in PollType]: ExportKind<PollOf<T>> } = { single, multi, yesno, scale, text, rank, qa };

/** The kind of a poll of the deck or of the export, to be asked about that poll only (a single poll with two questions is paired). */
export function exportKindOf(poll: Pick<ExportPoll, 'type' | 'ask'>): ExportKind {
  if (poll.type === 'single' && poll.ask) return paired as ExportKind;
  return KINDS[poll.type] as ExportKind;
}
