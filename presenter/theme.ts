// The deck's look: its reveal.js theme (one hashed CSS file per theme, loaded on demand; the build
// strips the themes' Google Fonts imports, see vite.config.ts) and its accent colour, adjusted so
// that it stays readable on the theme's background.
import type { DeckMeta, DeckTheme } from '../server/deck/types.js';

const THEME_URLS = import.meta.glob('/node_modules/reveal.js/dist/theme/*.css', { query: '?url', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Each theme's slide background (from its CSS), to check the accent's contrast against. */
const BACKGROUNDS: Record<DeckTheme, string> = {
  white: '#ffffff',
  black: '#191919',
  'white-contrast': '#ffffff',
  'black-contrast': '#000000',
  league: '#1c1e20',
  beige: '#f7f3de',
  night: '#111111',
  serif: '#f0f1eb',
  simple: '#ffffff',
  solarized: '#fdf6e3',
  moon: '#002b36',
  dracula: '#191919',
  sky: '#f7fbfc',
  blood: '#222222',
};

/** The accent when the deck sets none: Parley's blue, or a light blue on dark themes. */
const DEFAULT_ACCENT = { light: '#1d4ed8', dark: '#7cb7ff' } as const;

/** Text contrast (WCAG AA): the accent colours the join code and the vote counts' highlights. */
const MIN_CONTRAST = 4.5;

export function themeOf(meta: DeckMeta): DeckTheme {
  return meta.theme && meta.theme in BACKGROUNDS ? meta.theme : 'white';
}

export function isDark(theme: DeckTheme): boolean {
  return luminance(BACKGROUNDS[theme]) < 0.2;
}

/**
 * Loads the deck's theme (resolves once its CSS is in, so the first slide is drawn in it) and
 * sets --accent on the page.
 */
export function applyTheme(meta: DeckMeta): Promise<void> {
  const theme = themeOf(meta);
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.dataset.tone = isDark(theme) ? 'dark' : 'light';
  root.style.setProperty('--accent', readableAccent(meta.accent, theme));

  const href = THEME_URLS[`/node_modules/reveal.js/dist/theme/${theme}.css`];
  if (!href) return Promise.resolve();
  let link = document.getElementById('deck-theme') as HTMLLinkElement | null;
  if (link?.getAttribute('href') === href) return Promise.resolve();
  const fresh = document.createElement('link');
  fresh.rel = 'stylesheet';
  fresh.id = 'deck-theme';
  fresh.href = href;
  fresh.dataset.theme = theme;
  // Before Parley's own styles, which adjust the theme (sizes, poll widgets).
  const first = document.head.querySelector('link[rel="stylesheet"], style');
  return new Promise((resolve) => {
    const done = (): void => {
      link?.remove();
      link = fresh;
      resolve();
    };
    fresh.addEventListener('load', done, { once: true });
    fresh.addEventListener('error', done, { once: true });
    document.head.insertBefore(fresh, first);
  });
}

/** The deck's accent, made lighter or darker until it reads on the theme's background. */
export function readableAccent(accent: string | undefined, theme: DeckTheme): string {
  const background = BACKGROUNDS[theme];
  const dark = isDark(theme);
  if (!accent || !/^#[0-9a-f]{6}$/i.test(accent)) return dark ? DEFAULT_ACCENT.dark : DEFAULT_ACCENT.light;
  let colour = accent.toLowerCase();
  const toward = dark ? '#ffffff' : '#000000';
  for (let step = 0; step < 20 && contrast(colour, background) < MIN_CONTRAST; step++) colour = mix(colour, toward, 0.1);
  return colour;
}

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

function mix(a: string, b: string, amount: number): string {
  const [ca, cb] = [channels(a), channels(b)];
  return `#${ca
    .map((c, i) =>
      Math.round(c + (cb[i]! - c) * amount)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
