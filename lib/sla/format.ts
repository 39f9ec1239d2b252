// Durations as the overlay shows them. Business time has no honest "day" (a business day may be 8 h,
// 9 h or 24 h), so hours keep counting past 24: "27h 10m", never "1d 3h".

/** Whole minutes as "45m", "2h 05m", "27h 10m"; the sign is kept ("-12m"). Fractions round to the nearest minute. */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return '—';
  const total = Math.round(Math.abs(minutes));
  const sign = minutes < 0 && total > 0 ? '-' : '';
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h === 0 ? `${sign}${m}m` : `${sign}${h}h ${String(m).padStart(2, '0')}m`;
}

/**
 * "2h 05m left" / "overdue by 12m". A partial minute counts as a whole one either way, so a clock
 * never says "0m left" while time remains, nor "overdue by 0m" once it is late.
 */
export function formatTimeLeft(minutesLeft: number): string {
  if (!Number.isFinite(minutesLeft)) return '—';
  if (minutesLeft < 0) return `overdue by ${formatDuration(Math.ceil(-minutesLeft))}`;
  return `${formatDuration(Math.ceil(minutesLeft))} left`;
}
