// Slide ids and branch links, as a specification: each `{#id}` names one slide of the deck, and
// each option's `-> #id` is resolved to that slide's position once every slide is known.
import { describe, expect, it } from 'vitest';
import { type PendingLink, readSlideId, resolveLinks, type SlideIds } from '../../server/deck/parse/links.js';
import { Reporter } from '../../server/deck/parse/report.js';
import type { PollOption } from '../../server/deck/types.js';

const errors = (report: Reporter) => report.errors.map((e) => [e.line, e.message]);

describe('slide ids', () => {
  it('are registered with the slide position and the line of their heading', () => {
    const ids: SlideIds = new Map();
    const report = new Reporter('deck.md');
    expect(readSlideId({ line: 7, value: 'the-case' }, { h: 2, v: 1 }, ids, report)).toBe('the-case');
    expect(ids.get('the-case')).toEqual({ position: { h: 2, v: 1 }, line: 7 });
    expect(report.errors).toEqual([]);
  });

  it('report an id with characters outside letters, digits, - and _ at its line, and are not registered', () => {
    const ids: SlideIds = new Map();
    const report = new Reporter('deck.md');
    expect(readSlideId({ line: 4, value: 'the case' }, { h: 0, v: 0 }, ids, report)).toBeUndefined();
    expect(readSlideId({ line: 9, value: '-x' }, { h: 1, v: 0 }, ids, report)).toBeUndefined();
    expect(errors(report)).toEqual([
      [4, 'invalid slide id "{#the case}": ids may only contain letters, digits, "-" and "_", and must start with a letter or digit'],
      [9, 'invalid slide id "{#-x}": ids may only contain letters, digits, "-" and "_", and must start with a letter or digit'],
    ]);
    expect(ids.size).toBe(0);
  });

  it('report an id over 64 characters', () => {
    const report = new Reporter('deck.md');
    readSlideId({ line: 4, value: 'a'.repeat(65) }, { h: 0, v: 0 }, new Map(), report);
    expect(errors(report)).toEqual([[4, `invalid slide id "{#${'a'.repeat(65)}}": ids are at most 64 characters`]]);
  });

  it('report an id used twice at the second heading, naming the line of the first, which keeps it', () => {
    const ids: SlideIds = new Map();
    const report = new Reporter('deck.md');
    readSlideId({ line: 4, value: 'a' }, { h: 0, v: 0 }, ids, report);
    expect(readSlideId({ line: 12, value: 'a' }, { h: 1, v: 0 }, ids, report)).toBeUndefined();
    expect(errors(report)).toEqual([[12, 'duplicate slide id "a": already used by the slide heading on line 4']]);
    expect(ids.get('a')?.position).toEqual({ h: 0, v: 0 });
  });
});

describe('branch links', () => {
  const ids: SlideIds = new Map([
    ['start', { position: { h: 0, v: 0 }, line: 4 }],
    ['answer-a', { position: { h: 2, v: 1 }, line: 30 }],
  ]);
  const link = (target: string, line: number, from = { h: 1, v: 0 }): PendingLink => ({
    option: { id: `to-${target}`, label: 'L' },
    target,
    line,
    from,
  });

  it('set each option’s goto to the position of the slide with that id, backwards or forwards', () => {
    const links = [link('answer-a', 12), link('start', 13)];
    const report = new Reporter('deck.md');
    resolveLinks(links, ids, report);
    expect(report.errors).toEqual([]);
    expect(links.map((l) => l.option)).toEqual<PollOption[]>([
      { id: 'to-answer-a', label: 'L', goto: { h: 2, v: 1 } },
      { id: 'to-start', label: 'L', goto: { h: 0, v: 0 } },
    ]);
  });

  it('report a link to an id no slide has at the option’s line, saying how to give a slide that id', () => {
    const links = [link('nowhere', 15)];
    const report = new Reporter('deck.md');
    resolveLinks(links, ids, report);
    expect(errors(report)).toEqual([
      [15, 'option "to-nowhere" links to #nowhere, but no slide has the id "nowhere" (give a slide\'s first heading "{#nowhere}" at its end)'],
    ]);
    expect(links[0]?.option).not.toHaveProperty('goto');
  });

  it('report a link to the slide the poll itself is on', () => {
    const links = [link('answer-a', 31, { h: 2, v: 1 })];
    const report = new Reporter('deck.md');
    resolveLinks(links, ids, report);
    expect(errors(report)).toEqual([
      [31, 'option "to-answer-a" links to #answer-a, the slide its own poll is on: link to the slide to go to after the vote'],
    ]);
    expect(links[0]?.option).not.toHaveProperty('goto');
  });

  it('tell slides of one stack apart by their vertical position', () => {
    const links = [link('answer-a', 20, { h: 2, v: 0 })];
    resolveLinks(links, ids, new Reporter('deck.md'));
    expect(links[0]?.option.goto).toEqual({ h: 2, v: 1 });
  });
});
