// Business-time arithmetic (binding API, see ../shared/DESIGN.md "Business time").
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Berlin". */
  timezone: string;
  /** Local wall-clock intervals per weekday, e.g. [["09:00","12:00"],["13:00","18:00"]]; "24:00" may end a day. */
  weekly: Partial<Record<Weekday, [string, string][]>>;
  /** Local dates "YYYY-MM-DD", whole days off. */
  holidays?: string[];
}

export function businessMinutesBetween(_from: Date, _to: Date, _cal: BusinessCalendar): number {
  throw new Error('not implemented yet');
}

export function addBusinessMinutes(_start: Date, _minutes: number, _cal: BusinessCalendar): Date {
  throw new Error('not implemented yet');
}
