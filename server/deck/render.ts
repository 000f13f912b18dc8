// Markdown → HTML for slide bodies and speaker notes.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

// `html: false`: a deck is content, not code, so raw HTML in it is escaped rather than passed
// through to presenter and phones. markdown-it also refuses javascript: and similar link targets.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

export interface RenderedMarkdown {
  html: string;
  /** Plain text of the first heading (`#`…`######`), '' if there is none. */
  title: string;
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const env = {};
  // Parse once and reuse the tokens for both the HTML and the title.
  const tokens = md.parse(source, env);
  return { html: md.renderer.render(tokens, md.options, env), title: firstHeadingText(tokens) };
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
