// Short join codes: easy to read off a projector and type on a phone.
import { customAlphabet } from 'nanoid';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../protocol.js';

export const newJoinCode = customAlphabet(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);

/** Ids of text answers and questions: unguessable, and valid protocol ids (letters, digits, - and _). */
export const newEntryId = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 12);
