// The deck parser's shared ground, as a specification: the file's lines by 1-based number (what
// every error names) and the collection of errors in file order.
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';

describe('source lines', () => {
  it('number lines from 1, with "" past either end', () => {
    const src = new SourceLines('one\ntwo\nthree');
    expect([src.at(1), src.at(2), src.at(3)]).toEqual(['one', 'two', 'three']);
    expect(src.last).toBe(3);
    expect([src.at(0), src.at(4)]).toEqual(['', '']);
  });

  it('take a final newline as the end of the last line, not the start of another', () => {
    expect(new SourceLines('one\ntwo\n').last).toBe(2);
    expect(new SourceLines('one\ntwo\n\n').last).toBe(3);
  });

  it('read CRLF line endings like LF and drop a byte order mark', () => {
    const src = new SourceLines('\uFEFF---\r\ntitle: T\r\n---\r\n');
    expect(src.last).toBe(3);
    expect(src.range(1, 4)).toEqual(['---', 'title: T', '---']);
  });

  it('count an empty file as one empty line', () => {
    const src = new SourceLines('');
    expect(src.last).toBe(1);
    expect(src.at(1)).toBe('');
  });

  it('give a range from its first line up to, not including, its end', () => {
    const src = new SourceLines('a\nb\nc\nd');
    expect(src.range(2, 4)).toEqual(['b', 'c']);
    expect(src.range(3, 3)).toEqual([]);
  });

  it('call a range blank when every line in it is empty or whitespace', () => {
    const src = new SourceLines('text\n\n   \t\nmore');
    expect(src.isBlank(2, 4)).toBe(true);
    expect(src.isBlank(1, 3)).toBe(false);
    expect(src.isBlank(2, 5)).toBe(false);
  });
});

describe('the reporter', () => {
  it('keeps every error with the file it reports for', () => {
    const report = new Reporter('slides/a.md');
    report.at(3, 'first');
    report.at(1, 'second');
    expect(report.errors).toEqual([
      { file: 'slides/a.md', line: 3, message: 'first' },
      { file: 'slides/a.md', line: 1, message: 'second' },
    ]);
  });

  it('sorts errors by line, those on one line in the order reported, without reordering its own list', () => {
    const report = new Reporter('a.md');
    for (const [line, message] of [
      [5, 'e'],
      [2, 'b1'],
      [9, 'f'],
      [2, 'b2'],
      [1, 'a'],
    ] as const) {
      report.at(line, message);
    }
    expect(report.sorted().map((e) => e.message)).toEqual(['a', 'b1', 'b2', 'e', 'f']);
    expect(report.errors.map((e) => e.message)).toEqual(['e', 'b1', 'f', 'b2', 'a']);
  });
});
