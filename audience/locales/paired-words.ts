// The words of the screen of a paired poll (two questions over the same options) in each language the phone page speaks. They load
// with the screen (screens/), not in the first load's catalogue (en.ts): only a phone that shows it needs them.
import type { Lang } from '../i18n.js';
import { pluralizer } from '../plural.js';

type Plural = ReturnType<typeof pluralizer>;

const en = (_p: Plural) => ({
  bothHint: 'Pick an answer to each question, then tap Submit',
  gap: (n: number, of: number) => `${n} of ${of} answered the two questions differently`,
});

export type PairedWords = ReturnType<typeof en>;

const fr = (p: Plural): PairedWords => ({
  bothHint: 'Choisissez une réponse à chaque question, puis touchez Envoyer',
  gap: (n, of) => `${n} sur ${of} ${p(n, { one: 'a', other: 'ont' })} répondu différemment aux deux questions`,
});

const es = (p: Plural): PairedWords => ({
  bothHint: 'Elige una respuesta para cada pregunta y toca Enviar',
  gap: (n, of) => `${n} de ${of} ${p(n, { one: 'respondió', other: 'respondieron' })} distinto a las dos preguntas`,
});

const de = (p: Plural): PairedWords => ({
  bothHint: 'Wählen Sie für jede Frage eine Antwort und tippen Sie dann auf Absenden',
  gap: (n, of) => `${n} von ${of} ${p(n, { one: 'hat', other: 'haben' })} die beiden Fragen unterschiedlich beantwortet`,
});

export const PAIRED_WORDS: Record<Lang, PairedWords> = {
  en: en(pluralizer('en')),
  fr: fr(pluralizer('fr')),
  es: es(pluralizer('es')),
  de: de(pluralizer('de')),
};
