// Date text → instant for reading rules: a luxon format in an IANA zone, or automatic recognition.
import { DateTime, IANAZone } from 'luxon';
import { epochDate } from '../adapters/dom';
import type { DateSpec } from './model';

const valid = (dt: DateTime): Date | undefined => (dt.isValid ? dt.toJSDate() : undefined);

/**
 * Reads `text` as an instant. With `spec.format`, a luxon format (offset tokens in the text win over
 * `spec.zone`); without, ISO 8601, epoch seconds/milliseconds, SQL ("2026-11-20 09:00:00"), RFC 2822
 * and HTTP dates. Text without an offset is wall-clock time in `spec.zone`, else in the browser's zone.
 */
export function parseDateText(text: string, spec: DateSpec = {}): Date | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const opts = { zone: spec.zone, locale: spec.locale };
  try {
    if (spec.format) return valid(DateTime.fromFormat(t, spec.format, opts));
    if (/^\d{9,13}$/.test(t)) return epochDate(t);
    if (/^\d{4}-\d{2}-\d{2}/.test(t)) return valid(DateTime.fromISO(t, opts)) ?? valid(DateTime.fromSQL(t, opts));
    return valid(DateTime.fromRFC2822(t, opts)) ?? valid(DateTime.fromHTTP(t, opts));
  } catch {
    return undefined;
  }
}

export const isZone = (z: string): boolean => IANAZone.isValidZone(z);

export function isLocale(l: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([l]).length > 0;
  } catch {
    return false;
  }
}

/**
 * Why a luxon format cannot serve as a date rule, or null. A format must read back what it writes and
 * name a whole calendar date: a time-only format would silently mean "today".
 */
export function dateFormatProblem(format: string, locale?: string): string | null {
  try {
    const sample = DateTime.fromObject({ year: 2026, month: 11, day: 20, hour: 9, minute: 5, second: 7 }, { zone: 'UTC', locale });
    const written = sample.toFormat(format);
    const back = DateTime.fromFormat(written, format, { zone: 'UTC', locale });
    if (!back.isValid) return `cannot read back what it writes ("${written}"): check the luxon tokens (e.g. dd.MM.yyyy HH:mm)`;
    if (back.toISODate() !== '2026-11-20') return 'must include the day, month and year (e.g. dd.MM.yyyy HH:mm), not only a time or a year';
    return null;
  } catch (e) {
    return `is not a usable luxon format: ${e instanceof Error ? e.message : String(e)}`;
  }
}
