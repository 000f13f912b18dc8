// `npm run check-deck -- slides/mentoring.md [more files or folders]`: checks decks without
// starting anything. Prints every error as `file:line: message` (exit 1), or one line a deck
// saying what it holds and its timing plan (exit 0, also when the plan runs over its duration:
// a plan is advice). Exit 2 when the command line itself is wrong.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deckFilesIn, parseDeckFile } from '../deck/load.js';
import { deckPlan, minutesText, type Plan } from '../deck/plan.js';
import { formatDeckError, type Deck, type ParseResult } from '../deck/types.js';

const USAGE = `Usage: npm run check-deck -- DECK.md|FOLDER [...]

Checks each deck file (and every .md file in each folder) as Parley does when it starts: the
front matter, slides, polls, slide ids and branch links, and that each image is a file next to
the deck. A good deck's timing plan (the slides' "time") is printed per section, with a warning
when it runs over the deck's "duration". Exit code 0 when every deck is fine (whatever its plan),
1 when any has errors, 2 for a wrong command line.`;

class UsageError extends Error {}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Name at least one deck file or folder.');
  // Every argument is checked before any deck, so a typo in the last one is not lost in output.
  const files = positionals.flatMap(deckFiles);

  let failed = false;
  for (const file of files) {
    const result = readDeck(file);
    if (result.ok) {
      console.log(`${file}: ok — ${summary(result.deck)}`);
      for (const line of planLines(deckPlan(result.deck))) console.log(`  ${line}`);
      continue;
    }
    failed = true;
    for (const error of result.errors) console.log(formatDeckError(error));
    console.log(`${file}: ${count(result.errors.length, 'error')}`);
  }
  return failed ? 1 : 0;
}

function readDeck(file: string): ParseResult {
  try {
    return parseDeckFile(file);
  } catch (err) {
    throw new UsageError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
}

/** The deck files an argument names: itself, or the .md files of a folder (as loadDecks reads it). */
function deckFiles(path: string): string[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${path}: no such file or folder.`);
  }
  if (!isFolder) {
    if (!path.endsWith('.md')) throw new UsageError(`${path}: not a deck (deck files end in .md).`);
    return [path];
  }
  const files = deckFilesIn(path);
  if (files.length === 0) throw new UsageError(`${path}: no .md deck files in this folder.`);
  return files;
}

/** "33 slides, 19 polls (4 branch links, 1 timer)". */
function summary(deck: Deck): string {
  const links = deck.polls.flatMap((p) => p.options).filter((o) => o.goto).length;
  const timers = deck.polls.filter((p) => p.timer !== undefined).length;
  const extras = [links ? count(links, 'branch link') : '', timers ? count(timers, 'timer') : ''].filter(Boolean);
  const base = `${count(deck.slides.length, 'slide')}, ${count(deck.polls.length, 'poll')}`;
  return extras.length ? `${base} (${extras.join(', ')})` : base;
}

/**
 * The timing plan, when any slide has a `time`: minutes per section, the branches counted, the
 * total against `duration` and a warning when it runs over (advice: the exit code stays 0).
 */
function planLines(plan: Plan): string[] {
  if (!plan.timed) return plan.duration === undefined ? [] : [`plan: no slide has a "time", so there is no plan for the ${minutes(plan.duration)}`];
  const width = Math.max(...plan.sections.map((s) => s.number.length));
  const lines = ['plan (minutes per section):'];
  for (const section of plan.sections) {
    const notes = [
      section.optional ? `+${minutes(section.optional)} optional` : '',
      section.alternatives ? `${minutes(section.alternatives)} on branches not counted` : '',
    ].filter(Boolean);
    const extra = notes.length ? ` (${notes.join('; ')})` : '';
    lines.push(`  ${section.number.padStart(width)}  ${minutesText(section.minutes).padStart(4)}  ${section.title || 'untitled'}${extra}`);
  }
  for (const b of plan.branchings) {
    const others = b.others.map((o) => `${o.first} ${minutes(o.minutes)}`).join(', ');
    lines.push(
      `branches from ${b.from}: the plan counts the longest, ${b.counted.first} "${b.counted.title}" (${minutes(b.counted.minutes)}); the others (${others}) are alternatives`,
    );
  }
  const total = `total: ${minutes(plan.total)}`;
  if (plan.duration === undefined) lines.push(total);
  else if (plan.total > plan.duration) lines.push(`${total}, duration ${minutes(plan.duration)}`);
  else lines.push(`${total}, duration ${minutes(plan.duration)}: ${minutes(plan.duration - plan.total)} to spare`);
  if (plan.optional) lines.push(`optional slides, not in the total: ${minutes(plan.optional)}`);
  if (plan.untimed.length) lines.push(`no time (0 minutes in the plan): ${count(plan.untimed.length, 'slide')} (${plan.untimed.join(', ')})`);
  if (plan.duration !== undefined && plan.total > plan.duration) {
    lines.push(`warning: the plan is ${minutes(plan.total - plan.duration)} over the session's ${minutes(plan.duration)}`);
  }
  return lines;
}

function minutes(n: number): string {
  return `${minutesText(n)} min`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError) && !(err instanceof TypeError && 'code' in err)) throw err;
  // parseArgs reports an unknown option as a TypeError with an ERR_PARSE_ARGS_* code.
  console.error(`${err.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
