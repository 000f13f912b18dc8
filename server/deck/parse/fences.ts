// Fenced code blocks: their lines are content, so separators and `Note:` lines inside them do
// not count; a `poll` fence holds a poll block.
import type { Reporter } from './report.js';
import type { SourceLines } from './source.js';

// CommonMark fences: up to 3 spaces of indent, 3+ backticks or tildes, then the info string.
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export interface Fence {
  open: number;
  /** Last line of the block: its closing fence, or the file's last line when it is unterminated. */
  end: number;
  closed: boolean;
  /** The info string after the opening marker, trimmed (`poll` for a poll block). */
  info: string;
}

/** Every fenced code block from line `from` on; an unterminated one is reported and runs to the end. */
export function findFences(src: SourceLines, from: number, report: Reporter): Fence[] {
  const fences: Fence[] = [];
  for (let line = from; line <= src.last; line++) {
    const match = FENCE_OPEN.exec(src.at(line));
    const marker = match?.[1];
    const info = match?.[2] ?? '';
    // A backtick fence's info string cannot contain backticks (that is inline code instead).
    if (!marker || (marker.startsWith('`') && info.includes('`'))) continue;
    const close = findFenceClose(src, line + 1, marker);
    if (close === undefined) report.at(line, `unterminated code fence: no closing ${marker} line`);
    fences.push({ open: line, end: close ?? src.last, closed: close !== undefined, info: info.trim() });
    line = close ?? src.last; // skip the block: fence-like lines inside it are content
  }
  return fences;
}

function findFenceClose(src: SourceLines, from: number, marker: string): number | undefined {
  // Closes with the same character, at least as many of them, and nothing else on the line.
  const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
  for (let line = from; line <= src.last; line++) {
    if (closing.test(src.at(line))) return line;
  }
  return undefined;
}

/** Whether `line` is one of the fences' lines, their opening and closing lines included. */
export function inFence(line: number, fences: readonly Fence[]): boolean {
  return fences.some((f) => line >= f.open && line <= f.end);
}
