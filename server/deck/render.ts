// Markdown → HTML for slide bodies and speaker notes.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

// `html: false`: a deck is content, not code, so raw HTML in it is escaped rather than passed
// through to presenter and phones. markdown-it also refuses javascript: and similar link targets.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

/** `{#slide-id}` at the end of a heading's text, as written (checked by the parser). */
const SLIDE_ID = /\s*\{#([^{}]*)\}\s*$/;

/** What an image's src becomes: another src, or why it cannot be shown. */
export type ImageTarget = { src: string } | { problem: string };

export interface RenderOptions {
  /** Slide bodies: take `{#id}` off the end of the first heading and return it as `id`. */
  slideId?: boolean;
  /** Decides every image's src (e.g. a path next to the deck → the URL that serves it). */
  image?: (src: string) => ImageTarget;
}

/** A finding at a 0-based line of the rendered source. */
export interface SourceNote<T> {
  line: number;
  value: T;
}

export interface RenderedMarkdown {
  html: string;
  /** Plain text of the first heading (`#`…`######`), '' if there is none; without its `{#id}`. */
  title: string;
  /** The `{#id}` of the first heading, unchecked (`slideId` only). */
  id?: SourceNote<string>;
  /** Why images could not be shown, each at the line of the image. */
  problems: SourceNote<string>[];
}

interface RenderEnv {
  slideId: boolean;
  id?: SourceNote<string>;
}

// Before inline parsing, so that the id never reaches the heading's HTML or the title, and
// Markdown inside the heading is still parsed as usual.
md.core.ruler.before('inline', 'slide_id', (state) => {
  const env = state.env as RenderEnv;
  if (!env.slideId) return;
  const open = state.tokens.findIndex((t) => t.type === 'heading_open');
  const inline = open >= 0 ? state.tokens[open + 1] : undefined;
  const match = inline ? SLIDE_ID.exec(inline.content) : null;
  if (!inline || !match) return;
  inline.content = inline.content.slice(0, match.index);
  env.id = { line: state.tokens[open]?.map?.[0] ?? 0, value: match[1] ?? '' };
});

export function renderMarkdown(source: string, options: RenderOptions = {}): RenderedMarkdown {
  const env: RenderEnv = { slideId: options.slideId ?? false };
  // Parse once and reuse the tokens for the HTML, the title and the images.
  const tokens = md.parse(source, env);
  const problems = options.image ? retargetImages(tokens, options.image) : [];
  return {
    html: md.renderer.render(tokens, md.options, env),
    title: firstHeadingText(tokens),
    ...(env.id && { id: env.id }),
    problems,
  };
}

/** Sets each image's src to its target; returns the problems, each at the image's line. */
function retargetImages(tokens: Token[], target: (src: string) => ImageTarget): SourceNote<string>[] {
  const problems: SourceNote<string>[] = [];
  // Table cells have no line map of their own: the row's (seen just before) stands in.
  let blockLine = 0;
  for (const token of tokens) {
    if (token.map) blockLine = token.map[0];
    if (token.type !== 'inline') continue;
    // Within a paragraph, each line break before the image is one more source line.
    let breaks = 0;
    for (const child of token.children ?? []) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') breaks += 1;
      if (child.type !== 'image') continue;
      const result = target(child.attrGet('src') ?? '');
      if ('src' in result) child.attrSet('src', result.src);
      else problems.push({ line: blockLine + breaks, value: result.problem });
    }
  }
  return problems;
}

function firstHeadingText(tokens: Token[]): string {
  const open = tokens.findIndex((t) => t.type === 'heading_open');
  const inline = open >= 0 ? tokens[open + 1] : undefined;
  return inline?.children ? plainText(inline.children).trim() : '';
}

/** Inline tokens as the reader sees them, without markup: `**Dr.** X` → "Dr. X". */
function plainText(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'text' || t.type === 'code_inline') return t.content;
      if (t.type === 'softbreak' || t.type === 'hardbreak') return ' ';
      if (t.type === 'image') return plainText(t.children ?? []);
      return '';
    })
    .join('');
}
