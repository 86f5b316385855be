/**
 * Agent schedules against NSE's calendar in IST. Reference dates: NSE's 2026 holiday circular
 * (Equity / Equity Derivatives) as listed at stocktrack.co.in/2026/01/nse-trading-holidays-2026,
 * and NSE circular CMTR72260 adding 15 Jan 2026 (Maharashtra municipal elections). Weekdays of
 * dates are from the Gregorian calendar (e.g. 25 Dec 2026 is a Friday).
 */
import { describe, expect, it } from 'vitest';
import { NseCalendar } from '../../src-main/agents/nse-calendar';
import { nextRun, slotMinutes } from '../../src-main/agents/schedule';
import { dayNumberFromIso } from '../../src-main/market/dates';
import { AgentScheduleSchema } from '../../src-preload/contract/domains/agents';

const calendar = new NseCalendar();
/** An IST wall-clock time as an instant ("2026-12-01 09:15" → 03:45Z). */
const ist = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+05:30`);
const every = (minutes: number) => AgentScheduleSchema.parse({ kind: 'interval', minutes });
const at = (...times: string[]) => AgentScheduleSchema.parse({ kind: 'times', times });
const next = (schedule: ReturnType<typeof every>, after: string) =>
  nextRun(schedule, ist(after), calendar)?.toISOString();

describe('the NSE trading calendar', () => {
  it('closes on weekends and on the 2026 circular holidays, including 15 Jan (CMTR72260)', () => {
    const trading = (iso: string) => calendar.isTradingDay(dayNumberFromIso(iso));
    expect(trading('2026-12-01')).toBe(true); // Tuesday
    expect(trading('2026-12-05')).toBe(false); // Saturday
    expect(trading('2026-12-06')).toBe(false); // Sunday
    for (const holiday of ['2026-01-15', '2026-01-26', '2026-03-03', '2026-11-10', '2026-12-25'])
      expect(trading(holiday), holiday).toBe(false);
    expect(calendar.coverage(2026)).toBe('published');
  });

  it('treats 2027 as provisional: weekends and the fixed national holidays', () => {
    expect(calendar.coverage(2027)).toBe('provisional');
    expect(calendar.isTradingDay(dayNumberFromIso('2027-01-26'))).toBe(false); // Tuesday
    expect(calendar.isTradingDay(dayNumberFromIso('2027-01-27'))).toBe(true);
  });
});

describe('agent schedules', () => {
  it('runs every N minutes from 09:15 to 15:30 IST', () => {
    expect(next(every(5), '2026-12-01 09:14')).toBe(ist('2026-12-01 09:15').toISOString());
    expect(next(every(5), '2026-12-01 09:15')).toBe(ist('2026-12-01 09:20').toISOString());
    expect(next(every(5), '2026-12-01 15:25')).toBe(ist('2026-12-01 15:30').toISOString());
    // 09:15 + 7k stays at or before 15:30: the last slot is 15:26.
    expect(slotMinutes(every(7)).at(-1)).toBe(15 * 60 + 26);
    expect(next(every(7), '2026-12-01 15:26')).toBe(ist('2026-12-02 09:15').toISOString());
    // Before the open and after the close, UTC and IST fall on different days.
    expect(next(every(5), '2026-12-01 02:00')).toBe('2026-12-01T03:45:00.000Z');
  });

  it('skips weekends and NSE holidays', () => {
    // Friday after the close → Monday's open.
    expect(next(every(15), '2026-12-04 15:31')).toBe(ist('2026-12-07 09:15').toISOString());
    // Thursday 24 Dec: Christmas Friday is a holiday, then the weekend.
    expect(next(every(15), '2026-12-24 15:31')).toBe(ist('2026-12-28 09:15').toISOString());
    // 14 Jan 2026 → 16 Jan: 15 Jan closed for the Maharashtra municipal elections.
    expect(next(every(15), '2026-01-14 15:31')).toBe(ist('2026-01-16 09:15').toISOString());
    // Diwali Balipratipada, Tuesday 10 Nov 2026.
    expect(next(every(15), '2026-11-09 16:00')).toBe(ist('2026-11-11 09:15').toISOString());
  });

  it('runs at fixed IST times on trading days only', () => {
    const twice = at('15:00', '09:20', '09:20');
    expect(twice.kind === 'times' && twice.times).toEqual(['09:20', '15:00']);
    expect(next(twice, '2026-12-01 09:19')).toBe(ist('2026-12-01 09:20').toISOString());
    expect(next(twice, '2026-12-01 09:20')).toBe(ist('2026-12-01 15:00').toISOString());
    expect(next(twice, '2026-12-04 15:00')).toBe(ist('2026-12-07 09:20').toISOString());
    expect(next(at('18:00'), '2026-12-24 18:00')).toBe(ist('2026-12-28 18:00').toISOString());
  });

  it('refuses schedules a trader could not mean', () => {
    expect(AgentScheduleSchema.safeParse({ kind: 'interval', minutes: 0 }).success).toBe(false);
    expect(AgentScheduleSchema.safeParse({ kind: 'interval', minutes: 2.5 }).success).toBe(false);
    expect(AgentScheduleSchema.safeParse({ kind: 'times', times: ['9:20'] }).success).toBe(false);
    expect(AgentScheduleSchema.safeParse({ kind: 'times', times: ['24:00'] }).success).toBe(false);
    expect(AgentScheduleSchema.safeParse({ kind: 'times', times: [] }).success).toBe(false);
  });
});
