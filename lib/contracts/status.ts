// Contract term state as of "today" in the contract calendar's zone (a contract that ends on the 15th
// in Tokyo has ended while it is still the 15th in Berlin).
import { localDate } from '../zoned';
import type { Contract } from './model';

export type TermState = 'active' | 'expiring' | 'expired' | 'notStarted';

export interface TermStatus {
  state: TermState;
  /** Calendar days from today to the last day of the term: 0 on the last day, negative once expired. */
  daysLeft: number;
  /** Calendar days until the term starts (only when notStarted). */
  daysToStart?: number;
  /** Today lies within the onboarding window (inclusive). */
  onboarding: boolean;
  /** Today's date in the contract's zone, YYYY-MM-DD. */
  today: string;
}

const day = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

export { localDate };

export function termStatus(
  contract: Pick<Contract, 'term' | 'onboarding' | 'calendar'>,
  now: Date,
  expiringWithinDays = 30,
): TermStatus {
  const today = localDate(now, contract.calendar.timezone);
  const t = day(today);
  const daysLeft = day(contract.term.end) - t;
  const start = day(contract.term.start);
  const ob = contract.onboarding;
  const onboarding = !!ob && t >= day(ob.start) && t <= day(ob.end);
  if (t < start) return { state: 'notStarted', daysLeft, daysToStart: start - t, onboarding, today };
  const state = daysLeft < 0 ? 'expired' : daysLeft <= expiringWithinDays ? 'expiring' : 'active';
  return { state, daysLeft, onboarding, today };
}
