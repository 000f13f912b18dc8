// The words of the earlier-commitment card (a follow-up session), in each of the page's languages:
// loaded with its screen only (screens/earlier-commitment.ts), so that they stay out of the first
// load's budget, as the other languages do.
import type { Lang } from '../i18n.js';

export interface EarlierCommitmentWords {
  /** The card's heading. */
  title: string;
  /** Where it comes from: the earlier session's title and date. */
  from: (title: string, date: string) => string;
  /** Before the participant's own words. */
  yourWords: string;
  /** Who sees it. */
  onlyYou: string;
}

export const EARLIER_COMMITMENT: Record<Lang, EarlierCommitmentWords> = {
  en: {
    title: 'Your commitment last time',
    from: (title, date) => `In “${title}”, ${date}`,
    yourWords: 'In your words:',
    onlyYou: 'Only you see this, on this phone.',
  },
  fr: {
    title: 'Votre engagement la dernière fois',
    from: (title, date) => `Dans « ${title} », le ${date}`,
    yourWords: 'Avec vos mots :',
    onlyYou: 'Vous seul le voyez, sur ce téléphone.',
  },
  es: {
    title: 'Su compromiso la última vez',
    from: (title, date) => `En «${title}», el ${date}`,
    yourWords: 'Con sus palabras:',
    onlyYou: 'Solo usted lo ve, en este teléfono.',
  },
  de: {
    title: 'Ihr Vorsatz vom letzten Mal',
    from: (title, date) => `In „${title}“ am ${date}`,
    yourWords: 'In Ihren Worten:',
    onlyYou: 'Nur Sie sehen das, auf diesem Handy.',
  },
};
