// Reading the deck's YAML blocks (front matter and poll blocks), as a specification: a mapping
// whose every key keeps its line in the file, and YAML's own errors reported at their file line.
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../server/deck/parse/report.js';
import { SourceLines } from '../../server/deck/parse/source.js';
import { type Field, optionalText, readYamlMapping, requireText, scalarText, wholeNumber } from '../../server/deck/parse/yaml-fields.js';

/** A file whose entry N is line N. */
const file = (...lines: string[]) => new SourceLines(lines.join('\n'));
const errors = (report: Reporter) => report.errors.map((e) => [e.line, e.message]);
/** YAML's own wording is the yaml package's; what the parser adds is where and in what. */
const yamlError = expect.stringMatching(/^invalid YAML in poll block: \S/);

/** Reads `yaml` as the block of a file where it starts on line 3 (after a line and the fence) and the closing fence ends it. */
function read(yaml: string[], allowed = ['a', 'b', 'options']) {
  const src = file('preamble', '```poll', ...yaml, '```');
  const report = new Reporter('deck.md');
  const fields = readYamlMapping(src, 3, src.last, 'poll block', allowed, report);
  return { fields, errors: errors(report) };
}

describe('a YAML block', () => {
  it('becomes fields by key, each with the file line of its key', () => {
    const { fields, errors } = read(['a: one', '', 'b: two']);
    expect(errors).toEqual([]);
    expect([...(fields?.values() ?? [])].map((f) => [f.key, f.line, scalarText(f.node)])).toEqual([
      ['a', 3, 'one'],
      ['b', 5, 'two'],
    ]);
  });

  it('keeps the fields of a nested mapping in order, with their lines', () => {
    const { fields } = read(['options:', '  yes: Yes', '  # a comment', '  no: No']);
    const options = fields?.get('options');
    expect(options?.line).toBe(3);
    expect(options?.fields?.map((f) => [f.key, f.line])).toEqual([
      ['yes', 4],
      ['no', 6],
    ]);
  });

  it('is an empty mapping when it has no content', () => {
    const { fields, errors } = read(['', '# only a comment']);
    expect(fields).toEqual(new Map());
    expect(errors).toEqual([]);
  });

  it('reports a key outside the allowed ones at its line, naming the allowed ones, and leaves it out', () => {
    const { fields, errors } = read(['a: 1', 'colour: red']);
    expect(errors).toEqual([[4, 'unknown key "colour" in poll block (allowed: a, b, options)']]);
    expect([...(fields?.keys() ?? [])]).toEqual(['a']);
  });

  it('reports a key that is not plain text at its line', () => {
    expect(read(['a: 1', '[x, y]: 2']).errors).toEqual([[4, 'keys in poll block must be plain text']]);
  });

  it('reports invalid YAML at its file line and gives no fields', () => {
    const { fields, errors } = read(['a: 1', 'b: [unclosed', 'c: 3']);
    expect(fields).toBeUndefined();
    expect(errors).toEqual([[5, yamlError]]);
    expect(read(['a: "unterminated']).errors).toEqual([[3, yamlError]]);
  });

  it('reports every YAML error, not only the first', () => {
    expect(read(['a: 1', ' b: 2']).errors).toEqual([
      [3, yamlError],
      [3, yamlError],
    ]);
  });

  it('reports a duplicate key, which YAML refuses, at the second one', () => {
    const { errors } = read(['a: 1', 'b: 2', 'a: 3']);
    expect(errors).toEqual([[5, expect.stringMatching(/^invalid YAML in poll block: .*unique/)]]);
  });

  it('reports a block that is not a mapping at its first line', () => {
    expect(read(['- a', '- b']).errors).toEqual([[3, 'poll block must be YAML "key: value" lines']]);
    expect(read(['just text']).errors).toEqual([[3, 'poll block must be YAML "key: value" lines']]);
  });
});

describe('field values', () => {
  const only = (value: string): Field => {
    const f = read([`a: ${value}`]).fields?.get('a');
    if (!f) throw new Error(`no field for "${value}"`);
    return f;
  };

  it('are the text the author wrote, even where YAML reads a number or boolean', () => {
    expect(['Hello', '007', 'true', '1.50', '"quoted"'].map((v) => scalarText(only(v).node))).toEqual(['Hello', '007', 'true', '1.50', 'quoted']);
  });

  it('have no text when empty, null or not a scalar', () => {
    expect(['', '~', '[1, 2]', '{ x: 1 }'].map((v) => scalarText(only(v).node))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('are a whole number only when YAML reads an integer within the bounds', () => {
    expect(wholeNumber(only('5'), 1, 10)).toBe(5);
    expect(wholeNumber(only('1'), 1, 10)).toBe(1);
    expect(wholeNumber(only('10'), 1, 10)).toBe(10);
    expect(['0', '11', '2.5', '"5"', 'five', ''].map((v) => wholeNumber(only(v), 1, 10))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('give required text trimmed, reporting a missing field at the given line and an empty one at its own', () => {
    const report = new Reporter('deck.md');
    expect(requireText(only('  Hello  '), 'title', 'front matter', 1, report)).toBe('Hello');
    expect(requireText(undefined, 'title', 'front matter', 1, report)).toBeUndefined();
    expect(requireText(only('""'), 'title', 'front matter', 1, report)).toBeUndefined();
    expect(errors(report)).toEqual([
      [1, 'front matter is missing "title"'],
      [3, '"title" must be non-empty text'],
    ]);
  });

  it('give optional text, reporting only one that is there but empty', () => {
    const report = new Reporter('deck.md');
    expect(optionalText(undefined, 'author', report)).toBeUndefined();
    expect(optionalText(only('   '), 'author', report)).toBeUndefined();
    expect(optionalText(only('Ann'), 'author', report)).toBe('Ann');
    expect(errors(report)).toEqual([[3, '"author" must be non-empty text']]);
  });
});
