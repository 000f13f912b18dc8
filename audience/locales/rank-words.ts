// The words of the screen of a rank poll in each language the phone page speaks. They load
// with the screen (screens/), not in the first load's catalogue (en.ts): only a phone that shows it needs them.
import type { Lang } from '../i18n.js';

const en = () => ({
  changeOrder: 'Change your order',
  stillOpenOrder: 'Voting is still open: you can change your order below',
  ranked: (label: string, n: number) => `${label}, ranked ${n}`,
  notRanked: (label: string) => `${label}, not ranked yet`,
  startOver: 'Start over',
  submitOrder: 'Submit order',
  nobodyRanked: 'Nobody has ranked the options yet',
  yourRank: (n: number) => `Your rank: ${n}`,
  noRankings: 'No rankings yet',
  averagePosition: ' average position',
  rankedFirst: (n: number) => ` · ranked first by ${n}`,
});

export type RankWords = ReturnType<typeof en>;

const fr = (): RankWords => ({
  changeOrder: 'Changer votre classement',
  stillOpenOrder: 'Le vote est encore ouvert : vous pouvez changer votre classement ci-dessous',
  ranked: (label, n) => `${label}, classée ${n}`,
  notRanked: (label) => `${label}, pas encore classée`,
  startOver: 'Recommencer',
  submitOrder: 'Envoyer le classement',
  nobodyRanked: 'Personne n’a encore classé les options',
  yourRank: (n) => `Votre place : ${n}`,
  noRankings: 'Pas encore de classement',
  averagePosition: ' place moyenne',
  rankedFirst: (n) => ` · en tête pour ${n}`,
});

const es = (): RankWords => ({
  changeOrder: 'Cambiar tu orden',
  stillOpenOrder: 'La votación sigue abierta: puedes cambiar tu orden abajo',
  ranked: (label, n) => `${label}, puesto ${n}`,
  notRanked: (label) => `${label}, aún sin puesto`,
  startOver: 'Empezar de nuevo',
  submitOrder: 'Enviar orden',
  nobodyRanked: 'Nadie ha ordenado las opciones todavía',
  yourRank: (n) => `Tu puesto: ${n}`,
  noRankings: 'Aún sin ordenar',
  averagePosition: ' puesto medio',
  rankedFirst: (n) => ` · primera para ${n}`,
});

const de = (): RankWords => ({
  changeOrder: 'Reihenfolge ändern',
  stillOpenOrder: 'Die Abstimmung ist noch offen: Sie können Ihre Reihenfolge unten ändern',
  ranked: (label, n) => `${label}, Platz ${n}`,
  notRanked: (label) => `${label}, noch ohne Platz`,
  startOver: 'Neu beginnen',
  submitOrder: 'Reihenfolge absenden',
  nobodyRanked: 'Noch niemand hat die Optionen gereiht',
  yourRank: (n) => `Ihr Platz: ${n}`,
  noRankings: 'Noch keine Reihenfolgen',
  averagePosition: ' durchschnittlicher Platz',
  rankedFirst: (n) => ` · ${n}× auf Platz 1`,
});

export const RANK_WORDS: Record<Lang, RankWords> = { en: en(), fr: fr(), es: es(), de: de() };
