import type { AgentSchedule } from '../../src-preload/contract/domains/agents';
import { istDayNumber } from '../market/dates';
import { MARKET_CLOSE_MINUTE, MARKET_OPEN_MINUTE, type NseCalendar } from './nse-calendar';

/** Far enough to cross the longest NSE closure (a long weekend next to holidays) many times. */
const SEARCH_DAYS = 30;

/** The IST minutes of a day at which a schedule runs, ascending. */
export function slotMinutes(schedule: AgentSchedule): number[] {
  if (schedule.kind === 'times') {
    return schedule.times.map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
  }
  const minutes: number[] = [];
  for (let m = MARKET_OPEN_MINUTE; m <= MARKET_CLOSE_MINUTE; m += schedule.minutes) minutes.push(m);
  return minutes;
}

/**
 * The first run strictly after `after`: a slot on an NSE trading day. Interval schedules run at
 * 09:15 and every N minutes up to 15:30 IST; fixed times run at those IST times. Null only when
 * no trading day falls in the next month (a calendar that cannot be right).
 */
export function nextRun(schedule: AgentSchedule, after: Date, calendar: NseCalendar): Date | null {
  const slots = slotMinutes(schedule);
  const first = istDayNumber(after);
  for (let day = first; day < first + SEARCH_DAYS; day++) {
    if (!calendar.isTradingDay(day)) continue;
    for (const minute of slots) {
      const at = calendar.at(day, minute);
      if (at.getTime() > after.getTime()) return at;
    }
  }
  return null;
}

/** "every 5 min, 09:15–15:30 IST" / "at 09:20, 15:00 IST": how the schedule reads on screen. */
export function describeSchedule(schedule: AgentSchedule): string {
  return schedule.kind === 'interval'
    ? `every ${schedule.minutes} min, 09:15–15:30 IST on NSE trading days`
    : `at ${schedule.times.join(', ')} IST on NSE trading days`;
}
