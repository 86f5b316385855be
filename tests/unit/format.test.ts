import { describe, expect, it } from 'vitest';
import {
  NO_VALUE,
  formatAgo,
  formatBytes,
  formatDuration,
  formatExpiry,
  formatInr,
  formatInrCompact,
  formatInrWhole,
  formatIstDate,
  formatIstDateTime,
  formatIstTime,
  formatNumber,
  formatPct,
  formatPrice,
  formatRunExpiry,
  formatValidUntil,
  initialsOf,
} from '../../src-renderer/format';

describe('rupees', () => {
  it('groups by lakh and crore with two decimals', () => {
    expect(formatInr(12345678.5)).toBe('₹1,23,45,678.50');
    expect(formatInr(999)).toBe('₹999.00');
    expect(formatInr(100000)).toBe('₹1,00,000.00');
    expect(formatInr(-1234.5)).toBe('-₹1,234.50');
    expect(formatInrWhole(12345678.5)).toBe('₹1,23,45,679');
  });

  it('says lakh and crore compactly with three significant digits', () => {
    expect(formatInrCompact(1230000)).toBe('₹12.3 L');
    expect(formatInrCompact(45600000)).toBe('₹4.56 Cr');
    expect(formatInrCompact(123000)).toBe('₹1.23 L');
    expect(formatInrCompact(100000)).toBe('₹1 L');
    expect(formatInrCompact(45678)).toBe('₹45,678');
    expect(formatInrCompact(-2500000)).toBe('-₹25 L');
    expect(formatInrCompact(1234500000)).toBe('₹123 Cr');
    expect(formatInrCompact(123456700000)).toBe('₹12,346 Cr');
  });

  it('rolls over to the next unit when rounding reaches it', () => {
    expect(formatInrCompact(9995000)).toBe('₹1 Cr');
    expect(formatInrCompact(99960)).toBe('₹99,960');
    expect(formatInrCompact(99999.6)).toBe('₹1 L');
  });

  it('shows a dash for numbers that could not be computed', () => {
    expect(formatInr(Number.NaN)).toBe(NO_VALUE);
    expect(formatInr(null)).toBe(NO_VALUE);
    expect(formatInrCompact(undefined)).toBe(NO_VALUE);
    expect(formatInrCompact(Number.POSITIVE_INFINITY)).toBe(NO_VALUE);
  });
});

describe('numbers and percentages', () => {
  it('groups plain numbers the Indian way', () => {
    expect(formatNumber(123456)).toBe('1,23,456');
    expect(formatNumber(1234567.891, 2)).toBe('12,34,567.89');
    expect(formatNumber(null)).toBe(NO_VALUE);
    expect(formatPrice(25179.4)).toBe('25,179.40');
    expect(formatPrice(Number.NaN)).toBe(NO_VALUE);
  });

  it('writes percentages with a fixed number of decimals and an optional sign', () => {
    expect(formatPct(12.345)).toBe('12.35%');
    expect(formatPct(3, { decimals: 1 })).toBe('3.0%');
    expect(formatPct(-0.5)).toBe('-0.50%');
    expect(formatPct(1.2, { signed: true })).toBe('+1.20%');
    expect(formatPct(-0.001, { signed: true })).toBe('0.00%');
    expect(formatPct(Number.NaN)).toBe(NO_VALUE);
  });

  it('sizes files in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes(-1)).toBe(NO_VALUE);
  });
});

describe('times in IST whatever the machine zone', () => {
  // 10:04:05 UTC is 15:34:05 IST; the machine's own zone must not matter.
  const instant = '2026-01-05T10:04:05Z';

  it('formats instants in Asia/Kolkata', () => {
    expect(formatIstDateTime(instant)).toBe('05 Jan 2026, 15:34 IST');
    expect(formatIstTime(instant)).toBe('15:34:05 IST');
    expect(formatIstTime(instant, { seconds: false })).toBe('15:34 IST');
    expect(formatIstDate('2026-01-05T20:00:00Z')).toBe('6 Jan 2026');
    expect(formatIstDateTime('not a date')).toBe(NO_VALUE);
  });

  it('formats an expiry as the calendar date it names', () => {
    expect(formatExpiry('2026-01-29')).toBe('Thu, 29 Jan 2026');
    expect(formatExpiry('garbage')).toBe(NO_VALUE);
    expect(formatRunExpiry('2026-01-29')).toBe('Thu, 29 Jan 2026');
    expect(formatRunExpiry('nearest')).toBe('Nearest');
    expect(formatRunExpiry(null)).toBe('Nearest');
  });

  it('counts down durations', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(249)).toBe('4 min 09 s');
    expect(formatDuration(7500)).toBe('2 h 05 min');
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe('2 d 3 h');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('says how long something stays valid', () => {
    const now = '2026-01-05T10:00:00Z'; // 15:30 IST
    expect(formatValidUntil('2026-01-05T15:00:00Z', now)).toBe(
      'Valid until 20:30 IST (5 h 00 min left)',
    );
    // Kite tokens expire at 06:00 IST the next morning: the date is shown.
    expect(formatValidUntil('2026-01-06T00:30:00Z', now)).toBe(
      'Valid until 06 Jan 2026, 06:00 IST (14 h 30 min left)',
    );
    expect(formatValidUntil('2026-01-05T09:00:00Z', now)).toBe('Expired at 14:30 IST');
  });

  it('says how long ago something happened', () => {
    const now = '2026-01-05T10:00:00Z';
    expect(formatAgo('2026-01-05T09:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-01-05T09:15:00Z', now)).toBe('45 min ago');
    expect(formatAgo('2026-01-05T07:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2026-01-04T07:00:00Z', now)).toBe('yesterday');
    expect(formatAgo('2025-12-25T07:00:00Z', now)).toBe('25 Dec 2025');
  });
});

describe('avatar initials', () => {
  it('takes first and last initials, or two letters of a single word', () => {
    expect(initialsOf('Asha Rao')).toBe('AR');
    expect(initialsOf('  asha  k  rao ')).toBe('AR');
    expect(initialsOf('nifty')).toBe('NI');
    expect(initialsOf('')).toBe('?');
  });
});
