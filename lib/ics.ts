// Minimal iCalendar (RFC 5545) reader for holiday lists: whole-day VEVENTs become local dates.
// Public-holiday feeds (Google, Outlook, government sites) publish `DTSTART;VALUE=DATE:20250101`
// with an exclusive `DTEND;VALUE=DATE`. Recurrence rules are not expanded; such events are counted
// so the UI can say what was skipped.

export interface IcsHoliday {
  date: string; // YYYY-MM-DD
  summary?: string;
}

export interface IcsParseResult {
  holidays: IcsHoliday[];
  /** Human-readable notes about events that were skipped or shortened. */
  warnings: string[];
}

/** Longest multi-day event expanded day by day; longer ones are cut (a "holiday" of months is a data error). */
const MAX_EVENT_DAYS = 31;

/** RFC 5545 §3.1: a line starting with space or tab continues the previous one. */
function unfold(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c)).trim();
}

/** "20250101" or "20250101T120000Z" → "2025-01-01" (a date-time keeps its written calendar date). */
function toDate(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const dt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (dt.getUTCFullYear() !== Number(y) || dt.getUTCMonth() !== Number(mo) - 1 || dt.getUTCDate() !== Number(d)) return null;
  return `${y}-${mo}-${d}`;
}

function addDays(ymd: string, n: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  const ms = (ymd: string) => {
    const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

function property(line: string): { name: string; params: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const head = line.slice(0, colon);
  const semi = head.indexOf(';');
  return {
    name: (semi < 0 ? head : head.slice(0, semi)).toUpperCase(),
    params: semi < 0 ? '' : head.slice(semi + 1).toUpperCase(),
    value: line.slice(colon + 1),
  };
}

export function parseIcsHolidays(text: string): IcsParseResult {
  const out = new Map<string, IcsHoliday>();
  const warnings: string[] = [];
  let recurring = 0;
  let event: { start?: string; end?: string; summary?: string; rrule?: boolean; bad?: string } | null = null;
  let sawCalendar = false;

  for (const line of unfold(text)) {
    const p = property(line);
    if (!p) continue;
    if (p.name === 'BEGIN' && p.value.trim().toUpperCase() === 'VCALENDAR') sawCalendar = true;
    if (p.name === 'BEGIN' && p.value.trim().toUpperCase() === 'VEVENT') {
      event = {};
      continue;
    }
    if (!event) continue;
    if (p.name === 'DTSTART') {
      const d = toDate(p.value);
      if (d) event.start = d;
      else event.bad = p.value.trim();
    } else if (p.name === 'DTEND') {
      const d = toDate(p.value);
      // Only a whole-day end is exclusive and worth expanding; a date-time end is the same day.
      if (d && (p.params.includes('VALUE=DATE') || /^\d{8}$/.test(p.value.trim()))) event.end = d;
    } else if (p.name === 'SUMMARY') {
      event.summary = unescapeText(p.value);
    } else if (p.name === 'RRULE') {
      event.rrule = true;
    } else if (p.name === 'END' && p.value.trim().toUpperCase() === 'VEVENT') {
      if (event.rrule) recurring++;
      if (!event.start) {
        warnings.push(`Skipped an event${event.summary ? ` "${event.summary}"` : ''} without a readable DTSTART${event.bad ? ` (${event.bad})` : ''}.`);
      } else {
        let days = event.end ? Math.max(1, daysBetween(event.start, event.end)) : 1;
        if (days > MAX_EVENT_DAYS) {
          days = MAX_EVENT_DAYS;
          warnings.push(`"${event.summary ?? event.start}" spans more than ${MAX_EVENT_DAYS} days; only the first ${MAX_EVENT_DAYS} were kept.`);
        }
        for (let i = 0; i < days; i++) {
          const date = addDays(event.start, i);
          if (!out.has(date)) out.set(date, event.summary ? { date, summary: event.summary } : { date });
        }
      }
      event = null;
    }
  }
  if (!sawCalendar) warnings.unshift('This does not look like an iCalendar file (no BEGIN:VCALENDAR).');
  if (recurring > 0) {
    warnings.push(`${recurring} recurring event${recurring === 1 ? '' : 's'}: only the first occurrence was imported (repeat rules are not expanded).`);
  }
  return { holidays: [...out.values()].sort((a, b) => (a.date < b.date ? -1 : 1)), warnings };
}
