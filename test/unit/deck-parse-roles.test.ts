// The front matter's `roles`: who is in the room. Each role gets an id from its name; an empty
// list, a name twice (however written), "Prefer not to say" and a list that is no list are errors
// with the file and the line.
import { describe, expect, it } from 'vitest';
import { errorsOf, FILE, parseOk, source } from '../helpers/deck-source.js';

const deck = (...front: string[]) => source('---', 'title: T', ...front, '---', '# A');

describe('roles', () => {
  it('are the names listed, in order, each with an id made from it', () => {
    expect(parseOk(deck('roles: [Resident, Fellow, Faculty member, Médecin-chef]')).meta.roles).toEqual([
      { id: 'resident', label: 'Resident' },
      { id: 'fellow', label: 'Fellow' },
      { id: 'faculty-member', label: 'Faculty member' },
      { id: 'medecin-chef', label: 'Médecin-chef' },
    ]);
    expect(parseOk(deck('roles:', '  - Resident', '  - Faculty')).meta.roles?.map((r) => r.id)).toEqual(['resident', 'faculty']);
    expect(parseOk(deck()).meta).not.toHaveProperty('roles');
  });

  it('report an empty list, a name twice, "Prefer not to say", a blank name and a list that is none, at the roles line', () => {
    expect(errorsOf(deck('roles: []'))).toEqual([{ file: FILE, line: 3, message: expect.stringContaining('the list is empty') }]);
    expect(errorsOf(deck('roles: [Resident, Faculty, resident]'))).toEqual([
      { file: FILE, line: 3, message: 'role "resident" is listed twice (as "Resident"): each role once' },
    ]);
    expect(errorsOf(deck('roles: [Resident, Prefer not to say]'))).toEqual([
      { file: FILE, line: 3, message: expect.stringContaining('phones offer "Prefer not to say" themselves') },
    ]);
    expect(errorsOf(deck('roles: [Resident, ""]'))).toEqual([{ file: FILE, line: 3, message: expect.stringContaining('role 2 is not a name') }]);
    expect(errorsOf(deck('roles: Resident, Faculty'))).toEqual([
      { file: FILE, line: 3, message: expect.stringContaining('"roles" must be a list of names') },
    ]);
    expect(errorsOf(deck(`roles: [${Array.from({ length: 13 }, (_, i) => `R${i}`).join(', ')}]`))).toEqual([
      { file: FILE, line: 3, message: 'at most 12 roles (found 13)' },
    ]);
  });
});
