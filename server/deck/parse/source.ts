// The deck file's lines, addressed by 1-based number like every line the parser reports.

/** One line of the file as a stage hands it on: its number and the text to use for it. */
export interface SourceText {
  line: number;
  text: string;
}

export class SourceLines {
  private readonly lines: string[];

  constructor(source: string) {
    const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
    // A final newline ends the last line; it does not start another one.
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    this.lines = lines;
  }

  get last(): number {
    return this.lines.length;
  }

  at(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  /** Lines `from` up to, not including, `to`. */
  range(from: number, to: number): string[] {
    return this.lines.slice(from - 1, to - 1);
  }

  isBlank(from: number, to: number): boolean {
    return this.range(from, to).every((l) => l.trim() === '');
  }
}
