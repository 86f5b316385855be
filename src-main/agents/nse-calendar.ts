import { dayNumberFromIso, isoFromDayNumber, istInstant, weekdayOf } from '../market/dates';

/** NSE's continuous session, IST wall-clock minutes since midnight. */
export const MARKET_OPEN_MINUTE = 9 * 60 + 15;
export const MARKET_CLOSE_MINUTE = 15 * 60 + 30;

/**
 * NSE trading holidays (Equity and Equity Derivatives segments) that fall on weekdays.
 *
 * 2026: NSE's circular "Trading holidays for the calendar year 2026", as listed at
 * https://www.stocktrack.co.in/2026/01/nse-trading-holidays-2026.html, plus 15 Jan 2026 added by
 * NSE circular CMTR72260 (12 Jan 2026, Municipal Corporation elections in Maharashtra;
 * https://nsearchives.nseindia.com/content/circulars/CMTR72260.pdf). Diwali Laxmi Pujan (8 Nov
 * 2026) is a Sunday with a Muhurat session, which agents do not schedule.
 *
 * 2027: NSE had not published its 2027 circular in any source found (it usually appears in
 * December), so 2027 is provisional: weekends and the fixed-date national holidays NSE closes on
 * every year. Replace it with the circular's dates when it is out; `coverage()` says which.
 */
export const NSE_HOLIDAYS: Readonly<Record<number, readonly string[]>> = {
  2026: [
    '2026-01-15', // Municipal Corporation elections, Maharashtra (CMTR72260)
    '2026-01-26', // Republic Day
    '2026-03-03', // Holi
    '2026-03-26', // Shri Ram Navami
    '2026-03-31', // Shri Mahavir Jayanti
    '2026-04-03', // Good Friday
    '2026-04-14', // Dr. Baba Saheb Ambedkar Jayanti
    '2026-05-01', // Maharashtra Day
    '2026-05-28', // Bakri Id
    '2026-06-26', // Muharram
    '2026-09-14', // Ganesh Chaturthi
    '2026-10-02', // Mahatma Gandhi Jayanti
    '2026-10-20', // Dussehra
    '2026-11-10', // Diwali Balipratipada
    '2026-11-24', // Prakash Gurpurb Sri Guru Nanak Dev
    '2026-12-25', // Christmas
  ],
};

/** MM-DD holidays NSE observes every year: used for a year whose circular is not in the list. */
const FIXED_HOLIDAYS = new Set(['01-26', '05-01', '08-15', '10-02', '12-25']);

export type CalendarCoverage = 'published' | 'provisional';

/** NSE trading days and session times in IST (UTC+05:30 all year, so a fixed offset is exact). */
export class NseCalendar {
  private readonly holidays: Set<number>;
  private readonly publishedYears: Set<number>;

  constructor(holidays: Readonly<Record<number, readonly string[]>> = NSE_HOLIDAYS) {
    this.publishedYears = new Set(Object.keys(holidays).map(Number));
    this.holidays = new Set(Object.values(holidays).flat().map(dayNumberFromIso));
  }

  /** Whether the year's holidays come from NSE's circular or are the fixed-date fallback. */
  coverage(year: number): CalendarCoverage {
    return this.publishedYears.has(year) ? 'published' : 'provisional';
  }

  isTradingDay(day: number): boolean {
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) return false;
    const iso = isoFromDayNumber(day);
    if (this.publishedYears.has(Number(iso.slice(0, 4)))) return !this.holidays.has(day);
    return !FIXED_HOLIDAYS.has(iso.slice(5));
  }

  /** The instant of an IST wall-clock minute on a day. */
  at(day: number, minuteOfDay: number): Date {
    return istInstant(day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  }

  /** Whether the market is open at an instant (09:15–15:30 IST on a trading day). */
  isOpen(at: Date, day: number): boolean {
    return (
      this.isTradingDay(day) &&
      at.getTime() >= this.at(day, MARKET_OPEN_MINUTE).getTime() &&
      at.getTime() <= this.at(day, MARKET_CLOSE_MINUTE).getTime()
    );
  }
}
