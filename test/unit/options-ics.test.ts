import { describe, expect, it } from 'vitest';
import { parseIcsHolidays } from '../../lib/ics';

const cal = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', ...events, 'END:VCALENDAR'].join('\r\n');

describe('parseIcsHolidays', () => {
  it('reads whole-day VEVENTs with their summaries, sorted and deduplicated', () => {
    const r = parseIcsHolidays(cal(
      'BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20251225\r\nDTEND;VALUE=DATE:20251226\r\nSUMMARY:Christmas Day\r\nEND:VEVENT',
      'BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:New Year\\, Day\r\nEND:VEVENT',
      'BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:Duplicate\r\nEND:VEVENT',
    ));
    expect(r.holidays).toEqual([
      { date: '2025-01-01', summary: 'New Year, Day' },
      { date: '2025-12-25', summary: 'Christmas Day' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('expands multi-day events (DTEND is exclusive) and unfolds continuation lines', () => {
    const r = parseIcsHolidays(cal('BEGIN:VEVENT\nDTSTART;VALUE=DATE:20251224\nDTEND;VALUE=DATE:20251227\nSUMMARY:Winter\n  break\nEND:VEVENT'));
    expect(r.holidays.map((h) => h.date)).toEqual(['2025-12-24', '2025-12-25', '2025-12-26']);
    expect(r.holidays[0]?.summary).toBe('Winter break');
  });

  it('crosses month and year ends correctly', () => {
    const r = parseIcsHolidays(cal('BEGIN:VEVENT\nDTSTART;VALUE=DATE:20241231\nDTEND;VALUE=DATE:20250102\nEND:VEVENT'));
    expect(r.holidays.map((h) => h.date)).toEqual(['2024-12-31', '2025-01-01']);
  });

  it('keeps the written date of a date-time start and ignores properties outside events', () => {
    const r = parseIcsHolidays(cal('DTSTART;VALUE=DATE:19990101', 'BEGIN:VEVENT\nDTSTART:20250501T000000Z\nDTEND:20250502T000000Z\nEND:VEVENT'));
    expect(r.holidays.map((h) => h.date)).toEqual(['2025-05-01']);
  });

  it('warns about unreadable dates, recurring events and non-calendars instead of guessing', () => {
    const r = parseIcsHolidays(cal(
      'BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250230\nSUMMARY:Bad\nEND:VEVENT',
      'BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250704\nRRULE:FREQ=YEARLY\nEND:VEVENT',
    ));
    expect(r.holidays.map((h) => h.date)).toEqual(['2025-07-04']);
    expect(r.warnings.join(' ')).toMatch(/"Bad" without a readable DTSTART \(20250230\)/);
    expect(r.warnings.join(' ')).toMatch(/1 recurring event/);
    expect(parseIcsHolidays('hello').warnings[0]).toMatch(/not look like an iCalendar/);
  });

  it('caps absurdly long events', () => {
    const r = parseIcsHolidays(cal('BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nDTEND;VALUE=DATE:20260101\nEND:VEVENT'));
    expect(r.holidays).toHaveLength(31);
    expect(r.warnings[0]).toMatch(/more than 31 days/);
  });
});
