// Q&A: the room's questions on a board every phone sees and upvotes (who asked is never shown),
// which the presenter marks answered.
import type { EntryKind } from './kind.js';

export const qa: EntryKind = {
  answers: 'entries',
  board: true,
  revealed: () => ({}),
};
