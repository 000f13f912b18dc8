// The quotes and apostrophes of a poll's plain text (its question, options and asked questions),
// set as markdown-it's typographer sets the slides' Markdown: "Dr. X's" in a question reads
// "Dr. X’s" as in the slide's title above it, on the projector, the phones and in the report.

/** Straight quotes and apostrophes made typographic: ’ inside and after words, ‘…’ and “…” around. */
export function typographic(text: string): string {
  return text
    .replace(/(^|[\s([{\u2014\u2013-])'/g, '$1\u2018')
    .replace(/'/g, '\u2019')
    .replace(/(^|[\s([{\u2014\u2013-])"/g, '$1\u201c')
    .replace(/"/g, '\u201d');
}
