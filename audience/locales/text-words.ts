// The words of the screen of text and Q&A polls in each language the phone page speaks. They load
// with the screen (screens/), not in the first load's catalogue (en.ts): only a phone that shows it needs them.
import type { Lang } from '../i18n.js';
import { pluralizer } from '../plural.js';

type Plural = ReturnType<typeof pluralizer>;

const en = (p: Plural) => ({
  askUpTo: (most: number) => `${most === 1 ? 'Ask one question' : `Ask up to ${most} questions`}, and upvote the ones you want answered`,
  answerIn: 'Your answer is in',
  typeThenSend: 'Type your answer, then tap Send',
  sendUpTo: (most: number, sent: number) => `You can send up to ${most} answers${sent ? ` (${sent}\u00a0sent)` : ''}`,
  askedAll: (most: number) =>
    most === 1
      ? 'You have asked your question — the most this board takes from one person.'
      : `You have asked ${most} questions — the most this board takes from one person.`,
  sentAll: (most: number) =>
    most === 1 ? 'You have sent your answer. Thank you!' : `You have sent ${most} answers, the most this question takes. Thank you!`,
  typeQuestion: 'Type your question',
  typeAnswer: 'Type your answer',
  askQuestion: 'Ask a question',
  post: 'Post',
  hiddenNote: 'Hidden by the facilitator',
  heldNote: 'Waiting for the facilitator’s approval',
  yourQuestions: 'Your questions',
  yourAnswers: 'Your answers',
  wordCloud: 'Word cloud',
  nobodyAnswered: 'Nobody has answered yet',
  noWords: 'No words to show yet',
  answerCount: (n: number) => p(n, { one: ', # answer', other: ', # answers' }),
  noQuestionsYet: 'No questions yet — ask the first one.',
  noQuestions: 'No questions were asked.',
  answeredTag: '✓ Answered',
  yourQuestion: 'Your question',
  voteCount: (n: number) => p(n, { one: ' vote', other: ' votes' }),
});

export type TextWords = ReturnType<typeof en>;

const fr = (p: Plural): TextWords => ({
  askUpTo: (most) => `${most === 1 ? 'Posez une question' : `Posez jusqu’à ${most} questions`}, et votez pour celles qui vous intéressent`,
  answerIn: 'Votre réponse est envoyée',
  typeThenSend: 'Écrivez votre réponse, puis touchez Envoyer',
  sendUpTo: (most, sent) =>
    `Vous pouvez envoyer jusqu’à ${most} réponses${sent ? ` (${p(sent, { one: '#\u00a0envoyée', other: '#\u00a0envoyées' })})` : ''}`,
  askedAll: (most) =>
    most === 1 ? 'Vous avez posé votre question — le maximum par personne.' : `Vous avez posé ${most} questions — le maximum par personne.`,
  sentAll: (most) =>
    most === 1 ? 'Vous avez envoyé votre réponse. Merci !' : `Vous avez envoyé ${most} réponses, le maximum pour cette question. Merci !`,
  typeQuestion: 'Écrivez votre question',
  typeAnswer: 'Écrivez votre réponse',
  askQuestion: 'Poser une question',
  post: 'Publier',
  hiddenNote: 'Masquée par l’animateur',
  heldNote: 'En attente de l’approbation de l’animateur',
  yourQuestions: 'Vos questions',
  yourAnswers: 'Vos réponses',
  wordCloud: 'Nuage de mots',
  nobodyAnswered: 'Personne n’a encore répondu',
  noWords: 'Pas encore de mots à afficher',
  answerCount: (n) => p(n, { one: ', # réponse', other: ', # réponses' }),
  noQuestionsYet: 'Pas encore de question — posez la première.',
  noQuestions: 'Aucune question n’a été posée.',
  answeredTag: '✓ Répondu',
  yourQuestion: 'Votre question',
  voteCount: (n) => p(n, { one: ' vote', other: ' votes' }),
});

const es = (p: Plural): TextWords => ({
  askUpTo: (most) => `${most === 1 ? 'Haz una pregunta' : `Haz hasta ${most} preguntas`}, y vota las que quieras que se respondan`,
  answerIn: 'Tu respuesta está enviada',
  typeThenSend: 'Escribe tu respuesta y toca Enviar',
  sendUpTo: (most, sent) =>
    `Puedes enviar hasta ${most} respuestas${sent ? ` (${p(sent, { one: '#\u00a0enviada', other: '#\u00a0enviadas' })})` : ''}`,
  askedAll: (most) => (most === 1 ? 'Ya hiciste tu pregunta — el máximo por persona.' : `Ya hiciste ${most} preguntas — el máximo por persona.`),
  sentAll: (most) => (most === 1 ? 'Ya enviaste tu respuesta. ¡Gracias!' : `Ya enviaste ${most} respuestas, el máximo para esta pregunta. ¡Gracias!`),
  typeQuestion: 'Escribe tu pregunta',
  typeAnswer: 'Escribe tu respuesta',
  askQuestion: 'Haz una pregunta',
  post: 'Publicar',
  hiddenNote: 'Ocultada por quien modera',
  heldNote: 'Esperando la aprobación de quien modera',
  yourQuestions: 'Tus preguntas',
  yourAnswers: 'Tus respuestas',
  wordCloud: 'Nube de palabras',
  nobodyAnswered: 'Nadie ha respondido todavía',
  noWords: 'Aún no hay palabras que mostrar',
  answerCount: (n) => p(n, { one: ', # respuesta', other: ', # respuestas' }),
  noQuestionsYet: 'Aún no hay preguntas — haz la primera.',
  noQuestions: 'No se hicieron preguntas.',
  answeredTag: '✓ Respondida',
  yourQuestion: 'Tu pregunta',
  voteCount: (n) => p(n, { one: ' voto', other: ' votos' }),
});

const de = (p: Plural): TextWords => ({
  askUpTo: (most) =>
    `${most === 1 ? 'Stellen Sie eine Frage' : `Stellen Sie bis zu ${most} Fragen`} und stimmen Sie für die, die beantwortet werden sollen`,
  answerIn: 'Ihre Antwort ist angekommen',
  typeThenSend: 'Antwort eingeben, dann auf Senden tippen',
  sendUpTo: (most, sent) => `Sie können bis zu ${most} Antworten senden${sent ? ` (${sent}\u00a0gesendet)` : ''}`,
  askedAll: (most) =>
    most === 1
      ? 'Sie haben Ihre Frage gestellt — mehr nimmt diese Liste von einer Person nicht.'
      : `Sie haben ${most} Fragen gestellt — mehr nimmt diese Liste von einer Person nicht.`,
  sentAll: (most) =>
    most === 1 ? 'Sie haben Ihre Antwort gesendet. Danke!' : `Sie haben ${most} Antworten gesendet, mehr nimmt diese Frage nicht. Danke!`,
  typeQuestion: 'Ihre Frage',
  typeAnswer: 'Ihre Antwort',
  askQuestion: 'Frage stellen',
  post: 'Posten',
  hiddenNote: 'Von der Moderation ausgeblendet',
  heldNote: 'Wartet auf Freigabe durch die Moderation',
  yourQuestions: 'Ihre Fragen',
  yourAnswers: 'Ihre Antworten',
  wordCloud: 'Wortwolke',
  nobodyAnswered: 'Noch hat niemand geantwortet',
  noWords: 'Noch keine Wörter',
  answerCount: (n) => p(n, { one: ', # Antwort', other: ', # Antworten' }),
  noQuestionsYet: 'Noch keine Fragen — stellen Sie die erste.',
  noQuestions: 'Es wurden keine Fragen gestellt.',
  answeredTag: '✓ Beantwortet',
  yourQuestion: 'Ihre Frage',
  voteCount: (n) => p(n, { one: ' Stimme', other: ' Stimmen' }),
});

export const TEXT_WORDS: Record<Lang, TextWords> = {
  en: en(pluralizer('en')),
  fr: fr(pluralizer('fr')),
  es: es(pluralizer('es')),
  de: de(pluralizer('de')),
};
