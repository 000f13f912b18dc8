// The start page's "Follow-up…" choice of an ended session: a new session of a deck, linked to
// that earlier session (POST /api/sessions with `followUp`), so that phones that took part in it
// see their own commitment there and the report counts kept commitments per step. The deck named
// like the earlier one with "-followup" (mentoring → mentoring-followup) comes first.
import { h } from './dom.js';
import { authHeaders } from './key.js';

export interface DeckChoice {
  id: string;
  title: string;
}

/** The decks in the order offered for a follow-up of a session of `deck`: its follow-up deck first, then itself, then the rest. */
export function followUpDecks(deck: string, decks: readonly DeckChoice[]): DeckChoice[] {
  const rank = (d: DeckChoice): number => (d.id === `${deck}-followup` ? 0 : d.id === deck ? 1 : 2);
  return [...decks].sort((a, b) => rank(a) - rank(b));
}

/** Starts a follow-up of `code` with `deck` and goes to its deck; a refusal throws the server's message. */
async function startFollowUp(key: string, deck: string, code: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/api/sessions', {
      method: 'POST',
      headers: { ...authHeaders(key), 'content-type': 'application/json' },
      body: JSON.stringify({ deck, followUp: code }),
    });
  } catch {
    throw new Error('No answer from the server — check the connection.');
  }
  const body = (await res.json().catch(() => null)) as { code?: string; error?: { message?: string } } | null;
  if (res.status !== 201 || !body?.code) throw new Error(body?.error?.message ?? `Could not start the follow-up (${res.status}).`);
  location.assign(`/present?session=${encodeURIComponent(body.code)}`);
}

/** "Follow-up…": one option per deck; picking one starts the follow-up of session `code` (of deck `deck`). */
export function followUpPicker(
  key: string,
  code: string,
  deck: string,
  decks: readonly DeckChoice[],
  report: (message: string) => void,
): HTMLSelectElement {
  const select = h(
    'select',
    { class: 'history-follow-up', 'aria-label': `Start a follow-up of ${code}`, 'data-testid': `follow-up-${code}` },
    h('option', { value: '' }, 'Follow-up…'),
    ...followUpDecks(deck, decks).map((d) => h('option', { value: d.id }, `with ${d.title} (${d.id}.md)`)),
  );
  select.addEventListener('change', () => {
    const picked = select.value;
    select.value = '';
    if (picked)
      startFollowUp(key, picked, code).catch((err: unknown) => report(err instanceof Error ? err.message : 'That did not work; try again.'));
  });
  return select;
}
