/**
 * How Premia writes numbers and times for an Indian trader: rupees with lakh/crore grouping, times
 * in IST whatever zone the machine is set to. Pure functions; the Intl formatters below are
 * immutable and built once because tables call these for every visible cell.
 */

const IST = 'Asia/Kolkata';
const LAKH = 1e5;
const CRORE = 1e7;
/** Shown for a number the services could not compute (no quote, no IV solution, ...). */
export const NO_VALUE = '—';

const inrFormatter = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const inrWholeFormatter = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  maximumFractionDigits: 0,
});
const dateTimeFormatter = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const timeFormatter = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const shortTimeFormatter = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateFormatter = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
/** Expiry dates are calendar dates: formatted in UTC so the day never shifts. */
const calendarDateFormatter = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const dayKeyFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: IST,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** ₹1,23,45,678.50 — two decimals, Indian grouping. */
export function formatInr(amount: number | null | undefined): string {
  return isNumber(amount) ? inrFormatter.format(amount) : NO_VALUE;
}

/** ₹1,23,45,679 — whole rupees, Indian grouping. */
export function formatInrWhole(amount: number | null | undefined): string {
  return isNumber(amount) ? inrWholeFormatter.format(amount) : NO_VALUE;
}

const groupedFormatters = [0, 1, 2, 3, 4].map(
  (digits) => new Intl.NumberFormat('en-IN', { maximumFractionDigits: digits }),
);

function groupedNumber(value: number, fractionDigits: number): string {
  const formatter =
    groupedFormatters[Math.min(Math.max(Math.trunc(fractionDigits), 0), 4)] ??
    new Intl.NumberFormat('en-IN');
  return formatter.format(value);
}

/**
 * Compact rupees the way traders say them: ₹12.3 L, ₹4.56 Cr, three significant digits. Below a
 * lakh the whole amount is short enough to show (₹45,678).
 */
export function formatInrCompact(amount: number | null | undefined): string {
  if (!isNumber(amount)) return NO_VALUE;
  const sign = amount < 0 ? '-' : '';
  const magnitude = Math.abs(amount);
  // Round first so 99,95,000 becomes ₹1 Cr, not ₹100 L.
  const rounded = magnitude >= 1000 * CRORE ? magnitude : Number(magnitude.toPrecision(3));
  if (Math.round(magnitude) < LAKH)
    return `${sign}${inrWholeFormatter.format(Math.round(magnitude))}`;
  const [unit, suffix] = rounded >= CRORE ? [CRORE, 'Cr'] : [LAKH, 'L'];
  const scaled = rounded / unit;
  const digits = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
  return `${sign}₹${groupedNumber(scaled, digits)} ${suffix}`;
}

/** 1,23,456 or 1,23,456.5 — Indian grouping, up to `fractionDigits` decimals. */
export function formatNumber(value: number | null | undefined, fractionDigits = 0): string {
  return isNumber(value) ? groupedNumber(value, fractionDigits) : NO_VALUE;
}

const priceFormatter = new Intl.NumberFormat('en-IN', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** 25,179.40 — a price or strike without the ₹ sign, always two decimals. */
export function formatPrice(value: number | null | undefined): string {
  return isNumber(value) ? priceFormatter.format(value) : NO_VALUE;
}

/** 12.34% (value already in percent). `signed` adds + for changes between runs. */
export function formatPct(
  value: number | null | undefined,
  options: { readonly decimals?: number; readonly signed?: boolean } = {},
): string {
  if (!isNumber(value)) return NO_VALUE;
  const decimals = options.decimals ?? 2;
  const text = `${Math.abs(value).toFixed(decimals)}%`;
  const isZero = Number(Math.abs(value).toFixed(decimals)) === 0;
  if (value < 0 && !isZero) return `-${text}`;
  return options.signed === true && !isZero ? `+${text}` : text;
}

/**
 * A change between two percentages, in percentage points: "+1.25 pp", "-0.40 pp", and "0.00 pp"
 * for no change (never "+0.00" or "-0.00").
 */
export function formatPp(change: number | null | undefined): string {
  if (!isNumber(change)) return NO_VALUE;
  const rounded = Number(change.toFixed(2));
  if (rounded === 0) return '0.00 pp';
  return `${rounded > 0 ? '+' : '-'}${Math.abs(rounded).toFixed(2)} pp`;
}

type Instant = Date | string | number;

function toDate(instant: Instant): Date | null {
  const date = instant instanceof Date ? instant : new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 05 Jan 2026, 15:34 IST */
export function formatIstDateTime(instant: Instant): string {
  const date = toDate(instant);
  return date === null ? NO_VALUE : `${dateTimeFormatter.format(date)} IST`;
}

/** 15:34:05 IST */
export function formatIstTime(instant: Instant, options: { seconds?: boolean } = {}): string {
  const date = toDate(instant);
  if (date === null) return NO_VALUE;
  const formatter = options.seconds === false ? shortTimeFormatter : timeFormatter;
  return `${formatter.format(date)} IST`;
}

/** 5 Jan 2026 (the IST calendar day of an instant) */
export function formatIstDate(instant: Instant): string {
  const date = toDate(instant);
  return date === null ? NO_VALUE : dateFormatter.format(date);
}

/** An expiry given as a calendar date `2026-01-29`: Thu, 29 Jan 2026. */
export function formatExpiry(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (match === null) return NO_VALUE;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number.isNaN(date.getTime())) return NO_VALUE;
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    calendarDateFormatter.formatToParts(date).find((candidate) => candidate.type === type)?.value ??
    '';
  return `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')}`;
}

/** A scan's expiry: the date it scanned, or "Nearest" when each underlying took its nearest. */
export function formatRunExpiry(expiry: string | null): string {
  return expiry !== null && /^\d{4}-\d{2}-\d{2}$/.test(expiry) ? formatExpiry(expiry) : 'Nearest';
}

/** 2 h 05 min, 4 min 09 s, 45 s — for countdowns that tick every second. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(rest)} s`;
  return `${rest} s`;
}

/**
 * "Valid until 06:00 IST (5 h 12 min left)" or "Expired at 06:00 IST" — for access tokens and
 * anything else with an end. The date is added when the end is not today in IST.
 */
export function formatValidUntil(until: Instant, now: Instant): string {
  const end = toDate(until);
  const current = toDate(now);
  if (end === null || current === null) return NO_VALUE;
  const sameDay = dayKeyFormatter.format(end) === dayKeyFormatter.format(current);
  const when = sameDay ? formatIstTime(end, { seconds: false }) : formatIstDateTime(end);
  const secondsLeft = (end.getTime() - current.getTime()) / 1000;
  if (secondsLeft <= 0) return `Expired at ${when}`;
  return `Valid until ${when} (${formatDuration(secondsLeft)} left)`;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", else the IST date — for "last used". */
export function formatAgo(past: Instant, now: Instant): string {
  const then = toDate(past);
  const current = toDate(now);
  if (then === null || current === null) return NO_VALUE;
  const seconds = (current.getTime() - then.getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 2 * 86_400) return 'yesterday';
  return formatIstDate(then);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1.2 MB — for disk usage. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes) || bytes < 0) return NO_VALUE;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** Two letters for an avatar: "Asha Rao" → AR, "nifty" → NI. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1] ?? '') : '';
  const letters = last === '' ? [...first].slice(0, 2) : [[...first][0], [...last][0]];
  return letters.join('').toUpperCase() || '?';
}
