// The commitment's reminder as a calendar file (.ics), made and downloaded on the phone: nothing
// is sent anywhere. Loaded when the participant asks for it.
import { nanoid } from 'nanoid';
import type { MySession } from '../server/protocol.js';
import { lang } from './i18n.js';
import { allDayReminderIcs } from './ics.js';
import { MINE_WORDS, type MineWords } from './locales/mine.js';
import { commitmentOf, defaultReminderDay } from './my-session-model.js';

/** The calendar reminds at 9 in the morning of the day. */
const ALARM_HOUR = 9;

/** The reminder of `mine`'s commitment on `day` (`YYYY-MM-DD`), in `words`' language. */
export function reminderFile(mine: MySession, day: string, words: MineWords, now: Date, uid: string): string {
  const commitment = commitmentOf(mine);
  const held = new Date(mine.endedAt ?? now.getTime()).toLocaleDateString(lang, { dateStyle: 'long' });
  const lines = [words.reminderText(mine.deckTitle, held), ...(commitment?.steps ?? []), ...(commitment?.words.map((w) => `“${w}”`) ?? [])];
  return allDayReminderIcs({
    uid: `${uid}@parley`,
    stamp: now,
    date: day,
    summary: words.reminderTitle(mine.deckTitle),
    description: lines.join('\n'),
    alarmHour: ALARM_HOUR,
  });
}

export function downloadReminder(mine: MySession, day: string | null): void {
  const now = new Date();
  const file = reminderFile(mine, day ?? defaultReminderDay(mine, now.getTime()), MINE_WORDS[lang], now, nanoid());
  const url = URL.createObjectURL(new Blob([file], { type: 'text/calendar' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: 'parley-reminder.ics' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
