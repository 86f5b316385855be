import { dayNumberFromIso, isoFromDayNumber, istDayNumber, istMsOfDay, weekdayOf } from '../dates';
import type { ReferenceData } from './reference-data';

export const MARKET_OPEN_MINUTE = 9 * 60 + 15;
export const MARKET_CLOSE_MINUTE = 15 * 60 + 30;
/** Minutes in NSE's continuous session, 09:15–15:30 IST. */
export const SESSION_MINUTES = MARKET_CLOSE_MINUTE - MARKET_OPEN_MINUTE;
const TUESDAY = 2;

/**
 * NSE's trading days and F&O expiry dates. Expiries are Tuesdays (weekly: every Tuesday; monthly:
 * the month's last Tuesday) moved to the previous trading day when the Tuesday is a holiday. Only
 * the simulator uses this: everything else reads expiries from the instrument list.
 */
export class TradingCalendar {
  private readonly holidays: Set<number>;
  private readonly coveredYears: Set<string>;
  private readonly fixedHolidays: Set<string>;

  constructor(data: Pick<ReferenceData, 'holidays' | 'fixedHolidays'>) {
    this.holidays = new Set(data.holidays.map(dayNumberFromIso));
    this.coveredYears = new Set(data.holidays.map((iso) => iso.slice(0, 4)));
    this.fixedHolidays = new Set(data.fixedHolidays);
  }

  isTradingDay(day: number): boolean {
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) return false;
    if (this.holidays.has(day)) return false;
    const iso = isoFromDayNumber(day);
    return this.coveredYears.has(iso.slice(0, 4)) || !this.fixedHolidays.has(iso.slice(5));
  }

  tradingDayOnOrBefore(day: number): number {
    let d = day;
    while (!this.isTradingDay(d)) d--;
    return d;
  }

  previousTradingDay(day: number): number {
    return this.tradingDayOnOrBefore(day - 1);
  }

  /** The session an instant belongs to: today if the market opens today, else the last one. */
  sessionDay(at: Date): number {
    return this.tradingDayOnOrBefore(istDayNumber(at));
  }

  /** Minutes into the session day's 09:15–15:30 window, clamped (fractional). */
  sessionMinute(at: Date, sessionDay: number): number {
    if (istDayNumber(at) !== sessionDay) return SESSION_MINUTES;
    const minute = istMsOfDay(at) / 60_000 - MARKET_OPEN_MINUTE;
    return Math.min(SESSION_MINUTES, Math.max(0, minute));
  }

  /** The month's expiry: its last Tuesday, or the trading day before it. */
  monthlyExpiry(year: number, monthIndex: number): number {
    let tuesday = Date.UTC(year, monthIndex + 1, 0) / 86_400_000;
    while (weekdayOf(tuesday) !== TUESDAY) tuesday--;
    return this.tradingDayOnOrBefore(tuesday);
  }

  isMonthlyExpiry(expiryDay: number): boolean {
    const iso = isoFromDayNumber(expiryDay);
    return this.monthlyExpiry(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1) === expiryDay;
  }

  /** The next `count` monthly expiries on or after `fromDay`. */
  monthlyExpiries(fromDay: number, count: number): number[] {
    const iso = isoFromDayNumber(fromDay);
    let year = Number(iso.slice(0, 4));
    let month = Number(iso.slice(5, 7)) - 1;
    const expiries: number[] = [];
    while (expiries.length < count) {
      const expiry = this.monthlyExpiry(year, month);
      if (expiry >= fromDay) expiries.push(expiry);
      month++;
      if (month === 12) {
        month = 0;
        year++;
      }
    }
    return expiries;
  }

  /** The next `count` weekly expiries on or after `fromDay`. */
  weeklyExpiries(fromDay: number, count: number): number[] {
    let tuesday = fromDay;
    while (weekdayOf(tuesday) !== TUESDAY) tuesday++;
    const expiries: number[] = [];
    for (let t = tuesday; expiries.length < count; t += 7) {
      const expiry = this.tradingDayOnOrBefore(t);
      if (expiry >= fromDay) expiries.push(expiry);
    }
    return expiries;
  }
}
