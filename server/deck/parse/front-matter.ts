// The front matter: the YAML between the file's first `---` line and the next, which gives the
// deck its title and the optional subtitle, author, theme, accent colour, results mode, roles and
// the session's length (`duration`, in minutes, for the timing plan) and what a self-paced
// session shows a participant of a poll's results (`self-paced-results`).
import { isScalar } from 'yaml';
import { DECK_THEMES, type DeckMeta, type DeckTheme } from '../types.js';
import type { Reporter } from './report.js';
import { readRoles } from './roles.js';
import { H_SEPARATOR } from './slides.js';
import type { SourceLines } from './source.js';
import { type Field, optionalText, readMinutes, readResultsMode, readYamlMapping, requireText, scalarText } from './yaml-fields.js';

const META_KEYS = ['title', 'subtitle', 'author', 'theme', 'accent', 'results', 'roles', 'duration', 'self-paced-results'];
const SELF_PACED_RESULTS = ['after-answer', 'never'] as const;
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The line of the closing `---`, or undefined (reported) when the front matter is missing. */
export function findFrontMatter(src: SourceLines, report: Reporter): number | undefined {
  if (!H_SEPARATOR.test(src.at(1))) {
    report.at(1, 'missing front matter: the file must start with a "---" line, then YAML with a title, then "---"');
    return undefined;
  }
  for (let line = 2; line <= src.last; line++) {
    if (H_SEPARATOR.test(src.at(line))) return line;
  }
  report.at(1, 'unterminated front matter: no closing "---" line');
  return undefined;
}

/** The deck's meta from the lines between line 1 and `frontEnd`; undefined when it has errors (reported). */
export function readMeta(src: SourceLines, frontEnd: number, report: Reporter): DeckMeta | undefined {
  const fields = readYamlMapping(src, 2, frontEnd, 'front matter', META_KEYS, report);
  if (!fields) return undefined;
  const title = requireText(fields.get('title'), 'title', 'front matter', 1, report);
  const subtitle = optionalText(fields.get('subtitle'), 'subtitle', report);
  const author = optionalText(fields.get('author'), 'author', report);
  const theme = readTheme(fields.get('theme'), report);
  const accent = readAccent(fields.get('accent'), report);
  const results = readResultsMode(fields.get('results'), report);
  const roles = readRoles(fields.get('roles'), report);
  const duration = readMinutes(fields.get('duration'), 'duration', report);
  const selfPacedResults = readSelfPacedResults(fields.get('self-paced-results'), report);
  if (title === undefined) return undefined;
  return {
    title,
    ...(subtitle !== undefined && { subtitle }),
    ...(author !== undefined && { author }),
    ...(theme !== undefined && { theme }),
    ...(accent !== undefined && { accent }),
    ...(results === 'live' && { results }),
    ...(roles !== undefined && { roles }),
    ...(duration !== undefined && { duration }),
    ...(selfPacedResults !== undefined && { selfPacedResults }),
  };
}

/** `self-paced-results`: what a participant of a self-paced session sees of a poll once they answered it. */
function readSelfPacedResults(field: Field | undefined, report: Reporter): DeckMeta['selfPacedResults'] {
  if (!field) return undefined;
  const text = scalarText(field.node)?.trim();
  const mode = SELF_PACED_RESULTS.find((m) => m === text);
  if (!mode) {
    report.at(
      field.line,
      `"self-paced-results" must be "after-answer" (a participant sees a poll's results once they answered it) or "never", found "${text ?? ''}"`,
    );
  }
  return mode;
}

function readTheme(field: Field | undefined, report: Reporter): DeckTheme | undefined {
  if (!field) return undefined;
  const text = scalarText(field.node)?.trim();
  const theme = DECK_THEMES.find((t) => t === text);
  if (!theme) report.at(field.line, `unknown theme "${text ?? ''}" (allowed: ${DECK_THEMES.join(', ')})`);
  return theme;
}

/** A CSS hex colour, `#rgb` or `#rrggbb`, as lower-case `#rrggbb`. */
function readAccent(field: Field | undefined, report: Reporter): string | undefined {
  if (!field) return undefined;
  // Unquoted, YAML reads `#1a7f5a` as a comment and the value as empty: the colour is that comment.
  const comment = isScalar(field.node) && field.node.value === null ? field.node.comment : undefined;
  const text = (scalarText(field.node) ?? (typeof comment === 'string' ? `#${comment}` : '')).trim();
  if (!HEX_COLOUR.test(text)) {
    report.at(field.line, `"accent" must be a colour written #rgb or #rrggbb, e.g. "#1a7f5a" (found "${text}")`);
    return undefined;
  }
  const hex = text.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}
