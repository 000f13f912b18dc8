// `npm run check-deck`: the real command on decks written to a temp folder. It prints every error
// as file:line: message and exits 1, a summary per deck (and its timing plan) and 0 when all is
// well, also when the plan runs over, 2 for a wrong command line.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKSHOP_DECK } from '../helpers/decks.js';
import { ROOT } from '../helpers/parley-process.js';
import { tempDataDir } from '../helpers/server.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command in `cwd`, so that the paths it is given (and prints) are relative to it. */
function checkDeck(cwd: string, ...args: string[]): Promise<Run> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'server', 'cli', 'check-deck.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A folder with a `slides/` of the given files. */
function folderWith(files: Record<string, string>): string {
  const cwd = tempDataDir();
  mkdirSync(join(cwd, 'slides', 'images'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, 'slides', name), text);
  return cwd;
}

const BRANCHING = `---
title: Branching
theme: night
accent: "#e0a030"
---

# Where next? {#start}

![Map](images/map.png)

\`\`\`poll
id: next
type: single
timer: 30
question: Where next?
options:
  left: Left -> #left
  right: Right -> #right
\`\`\`

---

## Left {#left}

---

## Right {#right}
`;

const BROKEN = `---
title: Broken
theme: neon
---

# Start

![Logo](https://example.org/logo.png)

\`\`\`poll
id: q
type: single
question: Where?
options:
  a: A -> #nowhere
  b: B
\`\`\`
`;

describe('npm run check-deck', () => {
  it('says what each good deck holds and exits 0', async () => {
    const cwd = folderWith({ 'branching.md': BRANCHING, 'workshop.md': WORKSHOP_DECK, 'images/map.png': 'png' });
    const run = await checkDeck(cwd, 'slides/branching.md', 'slides/workshop.md');
    expect(run).toEqual({
      code: 0,
      stdout: 'slides/branching.md: ok — 3 slides, 1 poll (2 branch links, 1 timer)\n' + 'slides/workshop.md: ok — 6 slides, 3 polls\n',
      stderr: '',
    });
  });

  it('prints every error as file:line: message, with a count per deck, and exits 1', async () => {
    const cwd = folderWith({ 'broken.md': BROKEN, 'branching.md': BRANCHING });
    const run = await checkDeck(cwd, 'slides/broken.md', 'slides/branching.md');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(/^slides\/broken\.md:3: unknown theme "neon" \(allowed: white, black, /),
      expect.stringMatching(/^slides\/broken\.md:8: image "https:\/\/example\.org\/logo\.png" is on another host/),
      expect.stringMatching(/^slides\/broken\.md:15: option "a" links to #nowhere, but no slide has the id "nowhere"/),
      'slides/broken.md: 3 errors',
      // Checked here without its image: a missing file is an error too.
      'slides/branching.md:9: image "images/map.png" not found: no such file next to the deck',
      'slides/branching.md: 1 error',
      '',
    ]);
  });

  it('checks every .md file of a folder', async () => {
    const cwd = folderWith({ 'b.md': WORKSHOP_DECK, 'a.md': BROKEN, 'notes.txt': 'not a deck', '.#a.md': 'lock file' });
    const run = await checkDeck(cwd, 'slides');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('slides/a.md: 3 errors\n');
    expect(run.stdout).toContain('slides/b.md: ok — 6 slides, 3 polls\n');
    expect(run.stdout).not.toContain('notes.txt');
    expect(run.stdout).not.toContain('.#a.md');
  });

  it('prints the timing plan per section and warns, still exiting 0, when it runs over the duration', async () => {
    const time = (minutes: number) => `\`\`\`slide\ntime: ${minutes}\n\`\`\``;
    const OVER = [
      '---',
      'title: Over',
      'duration: 10',
      '---',
      `# Welcome\n\n${time(3)}`,
      '---',
      `## Which way?\n${time(1)}\n\n\`\`\`poll\nid: way\ntype: single\nquestion: Which way?\noptions:\n  a: A -> #a\n  b: B -> #b\n\`\`\``,
      '---',
      `## Way A {#a}\n${time(5)}`,
      '--',
      `## Way B {#b}\n${time(4)}`,
      '--',
      `## A story\n\`\`\`slide\ntime: 2\noptional: true\n\`\`\``,
      '---',
      `## Close\n${time(2.5)}`,
      '---',
      '## Thanks',
      '',
    ].join('\n');
    const cwd = folderWith({ 'over.md': OVER });
    const run = await checkDeck(cwd, 'slides/over.md');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'slides/over.md: ok — 7 slides, 1 poll (2 branch links)',
      '  plan (minutes per section):',
      '    1     3  Welcome',
      '    2     1  Which way?',
      '    3     5  Way A (+2 min optional; 4 min on branches not counted)',
      '    4   2.5  Close',
      '    5     0  Thanks',
      '  branches from 2: the plan counts the longest, 3.1 "Way A" (5 min); the others (3.2 4 min) are alternatives',
      '  total: 11.5 min, duration 10 min',
      '  optional slides, not in the total: 2 min',
      '  no time (0 minutes in the plan): 1 slide (5)',
      "  warning: the plan is 1.5 min over the session's 10 min",
      '',
    ]);
  });

  it('plans the mentoring workshop within its 60 minutes', async () => {
    const run = await checkDeck(ROOT, 'slides/mentoring.md');
    expect(run.code, run.stdout).toBe(0);
    const total = /^ {2}total: ([\d.]+) min, duration 60 min: [\d.]+ min to spare$/m.exec(run.stdout);
    expect(total, run.stdout).not.toBeNull();
    expect(Number(total![1])).toBeLessThanOrEqual(60);
    expect(run.stdout).not.toContain('warning');
    expect(run.stdout).not.toContain('no time');
  });

  it.each([
    ['no deck named', [], 'Name at least one deck file or folder.'],
    ['a file that does not exist', ['slides/missing.md'], 'slides/missing.md: no such file or folder.'],
    ['a file that is not a deck', ['slides/notes.txt'], 'slides/notes.txt: not a deck (deck files end in .md).'],
    ['a folder without decks', ['slides/images'], 'slides/images: no .md deck files in this folder.'],
    ['an unknown option', ['--fix', 'slides/good.md'], "Unknown option '--fix'"],
  ])('exits 2 with the usage for %s, checking nothing', async (_, args, message) => {
    const cwd = folderWith({ 'good.md': WORKSHOP_DECK, 'notes.txt': 'not a deck' });
    const run = await checkDeck(cwd, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: npm run check-deck -- DECK.md|FOLDER');
  });

  it('checks the shipped example decks', async () => {
    const run = await checkDeck(ROOT, 'slides');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^slides\/icebreaker\.md: ok — \d+ slides, \d+ polls \(\d+ branch links, \d+ timers?\)$/m);
    expect(run.stdout).toMatch(/^slides\/mentoring\.md: ok — \d+ slides, \d+ polls \(\d+ branch links, \d+ timers?\)$/m);
  });
});
