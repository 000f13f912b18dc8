// The phone page's words in English: the source catalogue. Its shape is the type every other
// language must fill (a missing or misspelt key there is a type error). The deck's own text
// (questions, options, slide titles) is never translated.
import type { ErrorCode } from '../../server/protocol.js';
import { pluralizer } from '../plural.js';

const p = pluralizer('en');

export const en = {
  pageTitle: 'Parley — join',
  language: 'Language',
  // connection
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  restarting: 'The server is restarting — your answers are saved. Reconnecting…',
  signInToWifi: 'This Wi-Fi wants you to sign in first: open any web page to sign in, then come back here.',
  // join form
  joinTitle: 'Join the session',
  codeLabel: 'Code shown on the screen',
  codeHelp: (n: number) => `${n} letters or digits`,
  join: 'Join',
  joining: (code: string) => `Joining ${code}…`,
  badCode: (n: number) => `Enter the ${n}-character code shown on the screen`,
  noSession: (code: string) => `No session with code ${code} — check the code on the screen`,
  sessionGone: 'This session is no longer available.',
  // where the participant is
  sessionCode: (code: string) => `Session code ${code}`,
  slide: (n: string) => `Slide ${n}`,
  waiting: 'Waiting for the next question…',
  ended: 'This session has ended',
  mySession: 'My session',
  thanks: 'Thank you for taking part.',
  // the presenter's phone preview (?watch): it shows what phones show and cannot answer
  preview: 'Preview — not counted',
  // answering
  tapAnswer: 'Tap your answer',
  pickAll: 'Pick all that apply',
  pickUpTo: (limit: number, chosen: number) => `Pick up to ${limit}${chosen > 0 ? ` (${chosen} chosen)` : ''}`,
  stillOpen: 'Voting is still open: you can change your answer below',
  changeAnswer: 'Change your answer',
  canChange: 'You can change it until voting closes.',
  submit: 'Submit',
  yourAnswer: 'Your answer',
  sending: 'Sending…',
  recorded: '✓ Answer recorded',
  notSent: 'Not sent yet — will send when you’re back online',
  notSentShort: 'Not sent yet',
  previousRecorded: 'Your answer to the previous question was recorded',
  pickOne: 'Pick at least one option first',
  unsubmitted: 'Changes not submitted yet — tap Submit',
  closedBeforeSent: 'Voting closed before your answer could be sent',
  // voted on again
  firstAnswer: 'Your first answer: ',
  earlierAnswer: 'Your earlier answer: ',
  keepIt: 'Keep it',
  orChange: 'or change it below',
  roundPercent: (round: number, pct: number) => ` · round ${round}: ${pct}%`,
  changed: (n: number, of: number) => `${n} of ${of} changed their answer`,
  // a paired poll (two questions over the same options)
  answerBoth: 'Answer both questions first',
  // the participant's role (a deck with roles)
  preferNot: 'Prefer not to say',
  roleMenu: (role: string) => `You are: ${role} · Change`,
  roleSaved: 'Thank you — you can change it at the bottom of the page',
  // announcements of what the presenter did
  sessionEnded: 'This session has ended — thank you for taking part',
  newQuestion: (q: string) => `New question: ${q}`,
  question: (q: string, closed: string) => `Question: ${q}. ${closed}`,
  wasReset: 'The question was reset — you can answer again',
  voteAgain: 'Vote again — keep your answer or change it',
  resultsShown: 'Results are shown',
  nextQuestion: 'Waiting for the next question',
  votingOpen: 'Voting is open',
  votingClosed: 'Voting is closed',
  answersOpen: 'Answers are open',
  answersClosed: 'Answers are closed',
  questionsOpen: 'Questions are open',
  questionsClosed: 'Questions are closed',
  // timer
  timeLeft: (clock: string) => `${clock} left`,
  timeUp: 'Time’s up',
  discussionTime: 'Discussion time',
  secondsLeft: (n: number) => p(n, { one: '# second left to answer', other: '# seconds left to answer' }),
  // results
  results: 'Results',
  answered: (n: number) => p(n, { one: '# person answered', other: '# people answered' }),
  average: (mean: string, max: string) => ` · average ${mean} of ${max}`,
  votes: (n: number) => p(n, { one: ' vote · ', other: ' votes · ' }),
  leading: 'Most chosen',
  // rank
  rankHint: 'Tap the options in order of importance, most important first',
  orderRecorded: '✓ Your order recorded',
  orderUnsubmitted: 'Changes not submitted yet — tap Submit order',
  allPlaced: 'All placed — tap Submit order',
  earlierOrder: 'Your earlier order stays recorded until you submit a new one',
  takenOut: (label: string, moved: boolean) => `${label}: taken out${moved ? ', the ones after it move up' : ''}`,
  rankedAs: (label: string, n: number, done: boolean) => `${label}: ranked ${n}${done ? '. All placed — you can submit your order' : ''}`,
  orderCleared: 'Order cleared.',
  placeAll: 'Give every option a place first',
  // text and Q&A
  characters: ' characters',
  send: 'Send',
  questions: 'Questions',
  upvote: (q: string) => `Upvote: ${q}`,
  limitReached: 'Character limit reached',
  charsLeft: (n: number) => p(n, { one: '# character left', other: '# characters left' }),
  typeQuestionFirst: 'Type your question first',
  typeAnswerFirst: 'Type an answer first',
  questionPosted: '✓ Question posted',
  answerSent: '✓ Answer sent',
  questionHeld: '✓ Sent — your question shows once the facilitator approves it',
  answerHeld: '✓ Sent — it shows once the facilitator approves it',
  canSendMore: (n: number) => `. You can send ${n} more`,
  lastOne: '. That was your last one',
  upvoted: 'Upvoted',
  upvoteTakenBack: 'Upvote taken back',
  textNotSent: 'Not sent — check your connection and send again',
  upvoteNotSent: 'Upvote not sent — check your connection and try again',
  textBackOnline: 'Not sent yet — you’re back online: tap Send to send it',
  questionPostedAfterAll: '✓ Your question was posted after all',
  answerReceivedAfterAll: '✓ Your answer was received after all',
  questionPostedShort: 'Your question was posted',
  answerReceivedShort: 'Your answer was received',
  /** A refusal from the server: its own (English) words. Other languages say it by its code. */
  error: (_code: ErrorCode, message: string) => message,
};

export type Messages = typeof en;
