// The linked export (`?linked=1`, `--linked`, the menu's checkbox): one pseudonym per participant
// across polls, for before/after analysis. Linking is what lets several answers together point at
// one person, so this variant gives less of each answer: no times or change counts (they tell
// people apart by themselves), no text answers or questions (free text can name its author), and
// any answer or role held by fewer than the floor of a poll's respondents replaced by a marker.
import { hiddenRoleText } from '../protocol.js';
import type { ExportResponse } from './types.js';

/** What the file says about itself (the CSV's first row, the workbook's Note sheet, the JSON's `linked`). */
export interface LinkedNote {
  note: string;
  /** MIN_GROUP_SIZE: a value held by fewer respondents reads `marker`. */
  floor: number;
  marker: string;
}

export function linkedNote(floor: number): LinkedNote {
  const marker = hiddenRoleText('small', floor);
  return {
    note:
      'Linked export: each pseudonym (P01, P02 …) is the same participant in every poll, so several answers together may identify someone — keep this file as you would a list of names. ' +
      `An answer or role held by fewer than ${floor} of a poll's respondents reads “${marker}”; times, change counts, text answers and questions are left out.`,
    floor,
    marker,
  };
}

/**
 * The responses as the linked export gives them: without time or change count, and with each
 * answer and role held by fewer than `floor` respondents of its poll, round and question replaced
 * by the marker.
 */
export function linkedResponses(responses: readonly ExportResponse[], { floor, marker }: LinkedNote): ExportResponse[] {
  const group = (r: ExportResponse): string => JSON.stringify([r.pollId, r.round, r.asked ?? '']);
  const holders = new Map<string, Map<string, Set<string>>>();
  const held = (r: ExportResponse, value: string): Set<string> => {
    const values = holders.get(group(r)) ?? new Map<string, Set<string>>();
    holders.set(group(r), values);
    const people = values.get(value) ?? new Set<string>();
    values.set(value, people);
    return people;
  };
  const answer = (r: ExportResponse): string => `answer:${JSON.stringify(r.optionIds)}`;
  const role = (r: ExportResponse): string => `role:${r.role}`;
  for (const r of responses) {
    held(r, answer(r)).add(r.participant);
    if (r.role !== undefined) held(r, role(r)).add(r.participant);
  }
  const rare = (r: ExportResponse, value: string): boolean => held(r, value).size < floor;
  return responses.map(({ answeredAt: _time, changes: _changes, ...r }) => ({
    ...r,
    ...(r.role !== undefined && rare(r, role(r)) ? { role: marker } : {}),
    ...(rare(r, answer(r)) ? { optionIds: [marker], labels: [marker] } : {}),
  }));
}
