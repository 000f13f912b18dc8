// An iCalendar file (RFC 5545) of one all-day event with a reminder: the commitment's reminder,
// made on the phone. Written here rather than with a library: one event is a few lines, and the
// libraries that build them weigh more than the whole phone page (the tests check the file with
// ical.js, a maintained parser).

export interface AllDayReminder {
  /** Unique and stable for this reminder (`…@parley`). */
  uid: string;
  /** When the file was made. */
  stamp: Date;
  /** The day, `YYYY-MM-DD`. */
  date: string;
  summary: string;
  description: string;
  /** When on that day the calendar reminds (hours after midnight). */
  alarmHour: number;
}

export function allDayReminderIcs(r: AllDayReminder): string {
  const day = r.date.replaceAll('-', '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Parley//My session//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${text(r.uid)}`,
    `DTSTAMP:${utc(r.stamp)}`,
    `DTSTART;VALUE=DATE:${day}`,
    `DTEND;VALUE=DATE:${nextDay(r.date)}`,
    `SUMMARY:${text(r.summary)}`,
    `DESCRIPTION:${text(r.description)}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${text(r.summary)}`,
    `TRIGGER;RELATED=START:PT${r.alarmHour}H`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** A TEXT value: backslash, semicolon, comma and line breaks escaped. */
function text(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

/** `YYYYMMDDTHHMMSSZ`. */
function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Lines of at most 75 octets (UTF-8), continued on lines that start with a space; never inside a character. */
function fold(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let part = '';
  let bytes = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets, each continuation 74 after its leading space.
    if (bytes + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(part);
      part = '';
      bytes = 0;
    }
    part += char;
    bytes += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}
