// The deck's accent colour on the phone page. The deck may pick any colour; the page keeps WCAG AA:
// the accent is darkened (light scheme) or lightened (dark scheme) until text and borders drawn in
// it reach 4.5:1 against the background, and text on an accent background is black or white,
// whichever contrasts more. The stylesheet reads the results as custom properties (style.css).

type Rgb = [number, number, number];

/**
 * The page background of each colour scheme, and the surface nearest to the accent's own lightness
 * (the grey of disabled options): the accent must hold AA on every surface of style.css.
 */
const LIGHT = { bg: [0xff, 0xff, 0xff] as Rgb, worst: [0xf3, 0xf4, 0xf6] as Rgb };
const DARK = { bg: [0x12, 0x14, 0x18] as Rgb, worst: [0x26, 0x2a, 0x31] as Rgb };
const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [0xff, 0xff, 0xff];

export function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function toHex(c: Rgb): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `a` moved a fraction `f` of the way to `b`. */
function mix(a: Rgb, b: Rgb, f: number): Rgb {
  return a.map((v, i) => v + (b[i]! - v) * f) as Rgb;
}

/** `c` moved towards `toward` (black or white) just far enough to reach `ratio` against `bg`. */
function reach(c: Rgb, bg: Rgb, toward: Rgb, ratio: number): Rgb {
  for (let f = 0; f <= 1; f += 0.02) {
    const next = mix(c, toward, f);
    if (contrast(next, bg) >= ratio) return next;
  }
  return toward;
}

function onColour(c: Rgb): Rgb {
  return contrast(c, BLACK) >= contrast(c, WHITE) ? BLACK : WHITE;
}

export interface AccentPalette {
  accent: string;
  /** Marks and pressed buttons: a stronger shade, still AA on the tint. */
  strong: string;
  /** The background of selected options. */
  tint: string;
  /** Text on an accent background. */
  on: string;
}

/** The accent's shades for one colour scheme: darker on light pages, lighter on dark ones. */
export function palette(hex: string, scheme: 'light' | 'dark'): AccentPalette | null {
  const c = parseHex(hex);
  if (!c) return null;
  const { bg, worst } = scheme === 'light' ? LIGHT : DARK;
  const toward = scheme === 'light' ? BLACK : WHITE;
  const accent = reach(c, worst, toward, 4.5);
  const strong = reach(mix(accent, toward, 0.2), worst, toward, 7);
  const tint = mix(accent, bg, scheme === 'light' ? 0.9 : 0.8);
  return { accent: toHex(accent), strong: toHex(strong), tint: toHex(tint), on: toHex(onColour(accent)) };
}

const PROPS = ['accent', 'strong', 'tint', 'on'] as const;

/** Applies the deck's accent to the page (both schemes), or goes back to Parley's own blue. */
export function applyAccent(hex: string | undefined): void {
  const root = document.documentElement.style;
  const shades = { l: hex ? palette(hex, 'light') : null, d: hex ? palette(hex, 'dark') : null };
  for (const [suffix, p] of Object.entries(shades)) {
    for (const prop of PROPS) {
      const name = `--${prop}-${suffix}`;
      if (p) root.setProperty(name, p[prop]);
      else root.removeProperty(name);
    }
  }
}
