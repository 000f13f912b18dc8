// The participant id: random, created once per browser and kept in localStorage so that a
// reload or a reconnect keeps the participant's votes. Falls back to memory (private mode).
import { nanoid } from 'nanoid';

const KEY = 'parley.participantId';
const VALID = /^[A-Za-z0-9_-]{8,64}$/;

let cached: string | undefined;

export function participantId(): string {
  if (cached) return cached;
  let id: string | undefined;
  try {
    const stored = localStorage.getItem(KEY);
    if (stored && VALID.test(stored)) id = stored;
  } catch {
    // storage unavailable
  }
  if (!id) {
    id = nanoid();
    try {
      localStorage.setItem(KEY, id);
    } catch {
      // storage unavailable or full: this page keeps the id in memory
    }
  }
  cached = id;
  return id;
}
