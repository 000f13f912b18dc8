// Error collection: every stage reports here instead of stopping, so that an author sees every
// error of the file at once.
import type { DeckError } from '../types.js';

export class Reporter {
  readonly errors: DeckError[] = [];

  constructor(private readonly file: string) {}

  at(line: number, message: string): void {
    this.errors.push({ file: this.file, line, message });
  }

  /** In file order, which is how an author fixes them (sort is stable: same line keeps order). */
  sorted(): DeckError[] {
    return [...this.errors].sort((a, b) => a.line - b.line);
  }
}
