// The layering rules of `npm run deps` (.dependency-cruiser.cjs) bite: run on small source trees
// laid out like Parley's, each breaking one rule, the cruiser exits non-zero and names that rule;
// on a tree that keeps them all it passes (so `./x.js` imports of `x.ts` files are followed).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CRUISER = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

/** A source tree with these files (path → content) and the tsconfig the rules read. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-layering-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Runs the cruiser as `npm run deps` does, in `dir`. */
function cruise(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(CRUISER, ['--config', CONFIG, 'server', 'audience', 'presenter'], { cwd: dir }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** A small tree that keeps every rule: the pages take the protocol, the domain takes the protocol, sockets take a shared helper. */
const GOOD: Record<string, string> = {
  'server/protocol.ts': 'export type Vote = { pollId: string };\n',
  'server/deck/types.ts': 'export type Deck = { id: string };\n',
  'server/client-address.ts': 'export type ClientAddress = (req: unknown) => string;\n',
  'server/session/poll.ts': "import type { Vote } from '../protocol.js';\nexport const votes: Vote[] = [];\n",
  'server/sessions.ts': "import { votes } from './session/poll.js';\nexport const count = (): number => votes.length;\n",
  'server/socket/handlers.ts':
    "import type { ClientAddress } from '../client-address.js';\nimport { count } from '../sessions.js';\nexport const handle = (a: ClientAddress): number => count() + a('').length;\n",
  'server/http/api.ts': "import type { ClientAddress } from '../client-address.js';\nexport const api = (a: ClientAddress): string => a('');\n",
  'server/deck/load.ts': "import { readFileSync } from 'node:fs';\nexport const load = (f: string): string => readFileSync(f, 'utf8');\n",
  'audience/main.ts': "import type { Vote } from '../server/protocol.js';\nexport const v: Vote = { pollId: 'p' };\n",
  'presenter/chart.ts':
    "import type { Deck } from '../server/deck/types.js';\nimport { bars } from './bars.js';\nexport const d = (deck: Deck): string => deck.id + bars;\n",
  'presenter/bars.ts': "export const bars = 'bars';\n",
};

describe('npm run deps (the layering rules)', () => {
  it('passes a tree that keeps every rule, following ./x.js imports to x.ts files', async () => {
    const { code, output } = await cruise(tree(GOOD));
    expect(output).toContain('no dependency violations found');
    // Eleven files and node:fs; every import found (an unresolved one would leave a module out).
    expect(output).toContain('(12 modules, 9 dependencies cruised)');
    expect(code).toBe(0);
  });

  const broken: [rule: string, what: string, files: Record<string, string>][] = [
    [
      'no-cycles',
      'two presenter modules importing each other for one type',
      {
        'presenter/bars.ts':
          "import type { Deck } from '../server/deck/types.js';\nimport type { d } from './chart.js';\nexport const bars = 'bars';\nexport type X = typeof d | Deck;\n",
      },
    ],
    [
      'domain-does-no-io',
      'the domain reading a file',
      { 'server/session/clock.ts': "import { statSync } from 'node:fs';\nexport const age = (f: string): number => statSync(f).mtimeMs;\n" },
    ],
    [
      'domain-is-pure',
      'the domain calling the store',
      {
        'server/session/save.ts': "import { saveVote } from '../store/sqlite.js';\nexport const s = saveVote;\n",
        'server/store/sqlite.ts': 'export const saveVote = (): void => {};\n',
      },
    ],
    [
      'deck-parsing-does-no-io',
      'the deck parser reading a file',
      { 'server/deck/parse.ts': "import { readFileSync } from 'node:fs';\nexport const parse = (f: string): string => readFileSync(f, 'utf8');\n" },
    ],
    [
      'pages-take-only-the-wire',
      'the phone page importing the domain',
      { 'audience/tally.ts': "import { votes } from '../server/session/poll.js';\nexport const n = votes.length;\n" },
    ],
    [
      'stores-stand-alone',
      'a store importing the live sessions',
      { 'server/store/redis.ts': "import { count } from '../sessions.js';\nexport const c = count;\n" },
    ],
    [
      'sockets-below-http',
      'the socket layer importing from HTTP',
      { 'server/socket/limits.ts': "import { api } from '../http/api.js';\nexport const a = api;\n" },
    ],
    [
      'export-without-sockets',
      'an export reaching into the socket layer',
      { 'server/export/csv.ts': "import { handle } from '../socket/handlers.js';\nexport const h = handle;\n" },
    ],
    [
      'cluster-below-sessions',
      'the cluster importing the sessions',
      { 'server/cluster/peers.ts': "import { count } from '../sessions.js';\nexport const c = count;\n" },
    ],
  ];

  it.each(broken)('fails on %s: %s', async (rule, _what, files) => {
    const { code, output } = await cruise(tree({ ...GOOD, ...files }));
    expect(output).toContain(rule);
    expect(code).not.toBe(0);
  });
});
