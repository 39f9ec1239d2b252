import { describe, expect, it } from 'vitest';
import {
  allowedDowntimeSeconds, availabilityFor, formatDowntime, parseDowntime, parsePercent, PERIOD_SECONDS,
} from '../../lib/uptime';

describe('allowed downtime', () => {
  it('uses 30.4375-day months: 99.9 % allows 43m 49s a month', () => {
    expect(PERIOD_SECONDS.month / 86_400).toBeCloseTo(30.4375, 6);
    expect(formatDowntime(allowedDowntimeSeconds(99.9, 'month')!)).toBe('43m 49s');
  });

  it.each([
    [99.9, 'year', '8h 45m 57s'],
    [99.9, 'quarter', '2h 11m 29s'],
    [99.99, 'month', '4m 22s'],
    [99.95, 'month', '21m 54s'],
    [99, 'year', '3d 15h 39m 36s'],
    [99.999, 'year', '5m 15s'],
    [100, 'month', '0s'],
  ] as const)('%s %% per %s → %s', (pct, period, text) => {
    expect(formatDowntime(allowedDowntimeSeconds(pct, period)!)).toBe(text);
  });

  it('rounds down: the allowance never exceeds the exact figure', () => {
    for (const pct of [90, 95.5, 99, 99.5, 99.9, 99.95, 99.99]) {
      const exact = ((100 - pct) / 100) * PERIOD_SECONDS.month;
      const s = allowedDowntimeSeconds(pct, 'month')!;
      expect(s).toBeLessThanOrEqual(exact + 1e-6);
      expect(exact - s).toBeLessThan(1);
    }
  });

  it('rejects percentages outside 0..100', () => {
    expect(allowedDowntimeSeconds(100.1, 'month')).toBeNull();
    expect(allowedDowntimeSeconds(-1, 'month')).toBeNull();
    expect(allowedDowntimeSeconds(Number.NaN, 'month')).toBeNull();
  });
});

describe('availability from downtime', () => {
  it('inverts the allowance', () => {
    expect(availabilityFor(allowedDowntimeSeconds(99.9, 'month')!, 'month')).toBeCloseTo(99.9, 3);
    expect(availabilityFor(0, 'year')).toBe(100);
    expect(availabilityFor(PERIOD_SECONDS.week / 2, 'week')).toBe(50);
  });
  it('is null for a downtime longer than the period', () => {
    expect(availabilityFor(PERIOD_SECONDS.day + 1, 'day')).toBeNull();
  });
});

describe('parsing', () => {
  it.each([
    ['43m 49s', 2629],
    ['1h30m', 5400],
    ['90 min', 5400],
    ['2.5h', 9000],
    ['1d 2h', 93_600],
    ['15', 900],
  ])('downtime %s → %i s', (text, seconds) => expect(parseDowntime(text)).toBe(seconds));

  it.each(['', 'abc', '5 parsecs', '1h x'])('downtime %j is not a duration', (text) => expect(parseDowntime(text)).toBeNull());

  it('reads percentages with % and decimal commas', () => {
    expect(parsePercent('99.9 %')).toBe(99.9);
    expect(parsePercent('99,95')).toBe(99.95);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('nine')).toBeNull();
  });

  it('formats without trailing zero units', () => {
    expect(formatDowntime(3600)).toBe('1h');
    expect(formatDowntime(3605)).toBe('1h 0m 5s');
    expect(formatDowntime(86_400 + 60)).toBe('1d 0h 1m');
  });
});
