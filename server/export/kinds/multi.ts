// Multi-choice polls: the deck's limit of options, if any, in the export and the report.
import type { MultiPoll } from '../../deck/types.js';
import { optionPoll } from './choice.js';
import type { ExportKind } from './kind.js';

export const multi: ExportKind<MultiPoll> = {
  ...optionPoll,
  fields: (poll) => (poll.limit !== undefined ? { limit: poll.limit } : {}),
  description: (poll) => (poll.limit ? `several answers (up to ${poll.limit})` : 'several answers'),
};
