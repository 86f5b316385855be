import { dayNumberFromIso, istDayNumber, istInstant, weekdayOf } from '../market/dates';
import type { FnoUniverse } from '../market/fno-universe';
import type { RunError } from '../storage/records';

/**
 * "Nearest monthly" skips an expiry with fewer than this many trading days left: stock options
 * are physically settled and brokers raise margins in expiry week, so a seller rolls to the
 * next month before then. A profile setting and a scan flag.
 */
export const DEFAULT_MIN_TRADING_DAYS = 3;

/**
 * Trading sessions from `now` up to and including the expiry day: today counts while its
 * session (until 15:30 IST) is still running. Weekends are skipped; exchange holidays are not
 * known here (the instrument list carries no calendar), so near a holiday this counts one day
 * more than the exchange will trade.
 */
export function tradingDaysLeft(expiry: string, now: Date): number {
  const expiryDay = dayNumberFromIso(expiry);
  const today = istDayNumber(now);
  const todayOpen = now.getTime() < istInstant(today, 15, 30).getTime();
  let count = 0;
  for (let day = todayOpen ? today : today + 1; day <= expiryDay; day++) {
    const weekday = weekdayOf(day);
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

/**
 * The expiry a scan uses for one underlying: the one asked for, "nearest" = the nearest monthly
 * expiry with at least `minTradingDays` trading days left, or "nearest-weekly" = the nearest of
 * any kind (a weekly where the underlying has weeklies; a seller of weeklies takes expiry-week
 * risk on purpose, so no trading-day rule applies).
 */
export function chooseExpiry(
  universe: FnoUniverse,
  underlying: string,
  requested: string,
  now: Date,
  minTradingDays: number = DEFAULT_MIN_TRADING_DAYS,
): string | RunError {
  const expiries = universe
    .expiries(underlying)
    .filter((info) => istInstant(dayNumberFromIso(info.expiry), 15, 30).getTime() > now.getTime());
  // Index weeklies expire every week; underlyings with no weeklies take their monthly.
  if (requested === 'nearest-weekly') {
    return (
      expiries[0]?.expiry ?? {
        underlying,
        message: 'has no option expiry left in the instrument list',
      }
    );
  }
  if (requested === 'nearest') {
    const monthly = expiries.find(
      (info) => info.isMonthly && tradingDaysLeft(info.expiry, now) >= minTradingDays,
    );
    return (
      monthly?.expiry ?? {
        underlying,
        message: `has no monthly option expiry with ${minTradingDays} or more trading days left in the instrument list`,
      }
    );
  }
  if (expiries.some((info) => info.expiry === requested)) return requested;
  const available = expiries
    .slice(0, 4)
    .map((info) => info.expiry)
    .join(', ');
  return {
    underlying,
    message: `has no options expiring ${requested}${available === '' ? '' : ` (available: ${available})`}`,
  };
}
