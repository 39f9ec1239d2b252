// Coverage calendar: weekly grid with split shifts per weekday, time zone, holidays (+ .ics import).
import { useId, useMemo, useRef, useState } from 'preact/hooks';
import type { Weekday } from '../../lib/business-time';
import { parseIcsHolidays } from '../../lib/ics';
import { getAt, messagesFor } from './draft';
import { FieldErrors, GroupErrors, TextField, useEditor } from './fields';

const DAYS: { key: Weekday; label: string }[] = [
  { key: 'mon', label: 'Monday' },
  { key: 'tue', label: 'Tuesday' },
  { key: 'wed', label: 'Wednesday' },
  { key: 'thu', label: 'Thursday' },
  { key: 'fri', label: 'Friday' },
  { key: 'sat', label: 'Saturday' },
  { key: 'sun', label: 'Sunday' },
];

type Weekly = Partial<Record<Weekday, [string, string][]>>;

/** IANA zones for the picker; engines without Intl.supportedValuesOf get a short list. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function CalendarEditor() {
  const { draft, update, errors, readOnly } = useEditor();
  const weekly = (getAt(draft, ['calendar', 'weekly']) ?? {}) as Weekly;
  const zones = useMemo(timeZones, []);
  const listId = useId();
  const setWeekly = (w: Weekly) => update(['calendar', 'weekly'], w);
  const setDay = (day: Weekday, shifts: [string, string][]) => {
    const next = { ...weekly };
    if (shifts.length) next[day] = shifts;
    else delete next[day];
    setWeekly(next);
  };
  const preset = (kind: 'office' | 'always' | 'copyMon') => {
    if (kind === 'always') setWeekly(Object.fromEntries(DAYS.map((d) => [d.key, [['00:00', '24:00']]])) as Weekly);
    else if (kind === 'office') setWeekly(Object.fromEntries(DAYS.slice(0, 5).map((d) => [d.key, [['09:00', '17:00']]])) as Weekly);
    else {
      const mon = weekly.mon ?? [];
      setWeekly({ ...weekly, ...Object.fromEntries(DAYS.slice(1, 5).map((d) => [d.key, mon.map((s) => [...s])])) });
    }
  };

  return (
    <div class="calendar-editor">
      <div class="row">
        <TextField path={['calendar', 'timezone']} label="Time zone (customer's coverage hours)" list={listId} placeholder="Europe/Berlin"
          hint="Start typing a city, e.g. Berlin or New_York." />
        <datalist id={listId}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <div class="toolbar" role="group" aria-label="Coverage presets">
        <span class="toolbar-label">Presets:</span>
        <button type="button" class="btn small" disabled={readOnly} onClick={() => preset('office')}>Mon–Fri 09:00–17:00</button>
        <button type="button" class="btn small" disabled={readOnly} onClick={() => preset('always')}>24×7</button>
        <button type="button" class="btn small" disabled={readOnly || !weekly.mon?.length} onClick={() => preset('copyMon')}>Copy Monday to Tue–Fri</button>
      </div>
      <table class="week-grid">
        <caption class="sr-only">Weekly coverage: open intervals per weekday, local time of the zone above</caption>
        <tbody>
          {DAYS.map(({ key, label }) => {
            const shifts = weekly[key] ?? [];
            const msgs = messagesFor(errors, `calendar.weekly.${key}`, { deep: true }).map((m) =>
              m.replace(/^item (\d+):/, 'shift $1:').replace(/weekly\.\w+\[(\d+)\]/g, (_, i: string) => `shift ${Number(i) + 1}`),
            );
            return (
              <tr key={key} class={shifts.length ? '' : 'closed'}>
                <th scope="row">{label}</th>
                <td>
                  <div class="shifts">
                    {shifts.length === 0 && <span class="muted">Closed</span>}
                    {shifts.map((s, i) => (
                      <span class="shift" key={i}>
                        <input class="time" value={s[0]} readOnly={readOnly} aria-label={`${label} shift ${i + 1} start`} placeholder="09:00"
                          aria-invalid={msgs.length > 0} aria-describedby={msgs.length ? `err-week-${key}` : undefined}
                          onInput={(e) => setDay(key, shifts.map((x, k) => (k === i ? [e.currentTarget.value, x[1]] : x)))} />
                        <span aria-hidden="true">–</span>
                        <input class="time" value={s[1]} readOnly={readOnly} aria-label={`${label} shift ${i + 1} end`} placeholder="17:00"
                          aria-invalid={msgs.length > 0} aria-describedby={msgs.length ? `err-week-${key}` : undefined}
                          onInput={(e) => setDay(key, shifts.map((x, k) => (k === i ? [x[0], e.currentTarget.value] : x)))} />
                        <button type="button" class="icon-btn" disabled={readOnly} aria-label={`Remove ${label} shift ${i + 1}`}
                          onClick={() => setDay(key, shifts.filter((_, k) => k !== i))}>×</button>
                      </span>
                    ))}
                    <button type="button" class="btn small ghost" disabled={readOnly} aria-label={`Add a shift on ${label}`}
                      onClick={() => setDay(key, [...shifts, shifts.length ? [shifts[shifts.length - 1]![1], '24:00'] : ['09:00', '17:00']])}>
                      + shift
                    </button>
                  </div>
                  <FieldErrors id={`err-week-${key}`} messages={msgs} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">Times are HH:MM; "24:00" ends a day. Overnight cover is two shifts on two days (22:00–24:00, then 00:00–06:00).</p>
      <GroupErrors path={['calendar', 'weekly']} />
      <GroupErrors path={['calendar']} />
      <Holidays />
    </div>
  );
}

function Holidays() {
  const { draft, update, errors, readOnly } = useEditor();
  const holidays = (getAt(draft, ['calendar', 'holidays']) ?? []) as string[];
  const [date, setDate] = useState('');
  const [report, setReport] = useState<string[]>([]);
  const dateId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const set = (list: string[]) => update(['calendar', 'holidays'], list.length ? [...new Set(list)].sort() : undefined);
  const msgs = messagesFor(errors, 'calendar.holidays', { deep: true }).map((m) => {
    const item = /^item (\d+): (.*)$/s.exec(m);
    return item ? `${holidays[Number(item[1]) - 1] ?? ''} ${item[2]}` : m;
  });

  const importIcs = async (file: File) => {
    const r = parseIcsHolidays(await file.text());
    const fresh = r.holidays.filter((h) => !holidays.includes(h.date));
    set([...holidays, ...fresh.map((h) => h.date)]);
    setReport([
      `${file.name}: ${r.holidays.length} holiday date${r.holidays.length === 1 ? '' : 's'} found, ${fresh.length} added${
        r.holidays.length > fresh.length ? `, ${r.holidays.length - fresh.length} already listed` : ''
      }.`,
      ...r.warnings,
    ]);
  };

  return (
    <fieldset class="holidays">
      <legend>Holidays (whole days off, customer's local dates)</legend>
      <ul class="chips" aria-label="Holidays">
        {holidays.length === 0 && <li class="muted">None</li>}
        {holidays.map((h) => (
          <li key={h} class="chip">
            {h}
            <button type="button" class="icon-btn" disabled={readOnly} aria-label={`Remove holiday ${h}`} onClick={() => set(holidays.filter((x) => x !== h))}>×</button>
          </li>
        ))}
      </ul>
      <div class="inline-form">
        <label for={dateId}>Add a date</label>
        <input id={dateId} type="date" value={date} readOnly={readOnly} onInput={(e) => setDate(e.currentTarget.value)} />
        <button type="button" class="btn small" disabled={readOnly || !/^\d{4}-\d{2}-\d{2}$/.test(date)} onClick={() => (set([...holidays, date]), setDate(''))}>
          Add
        </button>
        <button type="button" class="btn small" disabled={readOnly} onClick={() => fileRef.current?.click()}>Import .ics…</button>
        <input ref={fileRef} hidden type="file" accept=".ics,text/calendar" aria-label="iCalendar file with holidays"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void importIcs(f);
            e.currentTarget.value = '';
          }} />
        {holidays.length > 0 && (
          <button type="button" class="btn small ghost" disabled={readOnly} onClick={() => set([])}>Clear all</button>
        )}
      </div>
      {report.length > 0 && (
        <ul class="notes" role="status">
          {report.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      <FieldErrors id="err-holidays" messages={msgs} />
    </fieldset>
  );
}
