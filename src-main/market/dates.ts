/**
 * Calendar arithmetic in India Standard Time. IST is UTC+05:30 all year (no daylight saving), so
 * a fixed offset is exact. Dates are carried as ISO strings (YYYY-MM-DD) at boundaries and as day
 * numbers (days since 1970-01-01) in columns and loops.
 */

export const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date; NaN for anything that is not a real YYYY-MM-DD date. */
export function dayNumberFromIso(iso: string): number {
  if (iso.length !== 10 || iso[4] !== '-' || iso[7] !== '-') return Number.NaN;
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    return Number.NaN;
  }
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return Number.NaN;
  return ms / DAY_MS;
}

export function isoFromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The IST calendar day of an instant. */
export function istDayNumber(at: Date): number {
  return Math.floor((at.getTime() + IST_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since IST midnight of an instant. */
export function istMsOfDay(at: Date): number {
  const shifted = at.getTime() + IST_OFFSET_MS;
  return shifted - Math.floor(shifted / DAY_MS) * DAY_MS;
}

/** The instant of an IST wall-clock time on a day. */
export function istInstant(dayNumber: number, hours: number, minutes: number, seconds = 0): Date {
  return new Date(
    dayNumber * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000 - IST_OFFSET_MS,
  );
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Kite's timestamp format: "2025-12-09 10:15:00", IST wall-clock time, no zone. */
export function formatKiteTimestamp(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses Kite's IST wall-clock timestamp (or an ISO string with a zone); null if unreadable. */
export function parseKiteTimestamp(text: string | null | undefined): Date | null {
  if (text === null || text === undefined || text === '') return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (match !== null) {
    const [, date = '', hh = '0', mm = '0', ss = '0'] = match;
    const day = dayNumberFromIso(date);
    if (Number.isNaN(day)) return null;
    return istInstant(day, Number(hh), Number(mm), Number(ss));
  }
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
