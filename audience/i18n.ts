// The phone page's language: English is built in; French, Spanish and German are separate chunks
// loaded only when chosen (they stay out of the first load's budget). The choice comes from the
// browser's languages, or the participant's own pick, remembered in localStorage.
import { en, type Messages } from './locales/en.js';

export const LANGUAGES = { en: 'English', fr: 'Français', es: 'Español', de: 'Deutsch' } as const;
export type Lang = keyof typeof LANGUAGES;

const KEY = 'parley.lang';

const load: Record<Lang, () => Promise<Messages>> = {
  en: () => Promise.resolve(en),
  fr: () => import('./locales/fr.js').then((m) => m.fr),
  es: () => import('./locales/es.js').then((m) => m.es),
  de: () => import('./locales/de.js').then((m) => m.de),
};

/** The words of the current language (read at render time, so a switch shows on the next render). */
export let t: Messages = en;
export let lang: Lang = 'en';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/** The remembered choice, else the first of the browser's languages Parley speaks, else English. */
export function preferredLanguage(): Lang {
  try {
    const stored = localStorage.getItem(KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage unavailable (private mode): follow the browser
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

/** Loads and switches to `next`; `remember` keeps it for the next visit (a choice the participant made). */
export async function setLanguage(next: Lang, remember = false): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // not remembered: the choice lasts this visit
    }
  }
  let messages: Messages;
  try {
    messages = await load[next]();
  } catch {
    return; // the chunk did not load (offline): stay in the current language
  }
  t = messages;
  lang = next;
  document.documentElement.lang = next;
  document.title = t.pageTitle;
}

/** The language menu in the page's footer: shows the current language and switches on change. */
export function bindLanguageMenu(select: HTMLSelectElement, label: HTMLElement, onChange: () => void): void {
  const paint = (): void => {
    select.value = lang;
    label.textContent = t.language;
  };
  paint();
  select.addEventListener('change', () => {
    const next = select.value;
    if (!isLang(next)) return;
    void setLanguage(next, true).then(() => {
      paint();
      onChange();
    });
  });
}
