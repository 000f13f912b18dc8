// The words of the screen of the role question (a deck with roles) in each language the phone page speaks. They load
// with the screen (screens/), not in the first load's catalogue (en.ts): only a phone that shows it needs them.
import type { Lang } from '../i18n.js';

const en = () => ({
  roleTitle: 'You are…',
  roleWhy: 'Only used to compare groups of several people; your answers stay anonymous.',
  cancel: 'Cancel',
});

export type RoleWords = ReturnType<typeof en>;

const fr = (): RoleWords => ({
  roleTitle: 'Vous êtes…',
  roleWhy: 'Sert uniquement à comparer des groupes de plusieurs personnes ; vos réponses restent anonymes.',
  cancel: 'Annuler',
});

const es = (): RoleWords => ({
  roleTitle: 'Eres…',
  roleWhy: 'Solo sirve para comparar grupos de varias personas; tus respuestas siguen siendo anónimas.',
  cancel: 'Cancelar',
});

const de = (): RoleWords => ({
  roleTitle: 'Sie sind…',
  roleWhy: 'Dient nur dem Vergleich von Gruppen aus mehreren Personen; Ihre Antworten bleiben anonym.',
  cancel: 'Abbrechen',
});

export const ROLE_WORDS: Record<Lang, RoleWords> = { en: en(), fr: fr(), es: es(), de: de() };
