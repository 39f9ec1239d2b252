import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimeLeft } from '../../lib/sla/format';

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [7, '7m'],
    [59.4, '59m'],
    [59.6, '1h 00m'],
    [60, '1h 00m'],
    [125, '2h 05m'],
    [24 * 60 + 70, '25h 10m'],
    [27 * 60 + 10, '27h 10m'],
    [-12, '-12m'],
    [-0.2, '0m'],
  ])('%s → %s', (m, s) => expect(formatDuration(m)).toBe(s));

  it('never renders days (a business day has no fixed length)', () => {
    expect(formatDuration(5 * 24 * 60)).toBe('120h 00m');
  });

  it('degrades on non-finite input', () => {
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
  });
});

describe('formatTimeLeft', () => {
  it('rounds a partial minute up both ways', () => {
    expect(formatTimeLeft(125)).toBe('2h 05m left');
    expect(formatTimeLeft(0.2)).toBe('1m left');
    expect(formatTimeLeft(0)).toBe('0m left');
    expect(formatTimeLeft(-0.2)).toBe('overdue by 1m');
    expect(formatTimeLeft(-12)).toBe('overdue by 12m');
    expect(formatTimeLeft(-(26 * 60 + 3))).toBe('overdue by 26h 03m');
  });
});
