import type { LedgerRow } from '../storage/journal-records';
import { exerciseStt, type ChargeBreakdown, type ChargeRates } from './charges';
import type { Closure, Ledger } from './fifo';

export type Grouping = 'day' | 'underlying' | 'expiry' | 'tag';

/** Realized P&L of one group (a day, an underlying, an expiry, a strategy tag). */
export interface PnlGroup {
  readonly key: string;
  readonly trades: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
}

export interface DailyPnl extends PnlGroup {
  readonly cumulativeNetPnl: number;
}

export interface JournalStats {
  readonly trades: number;
  /** Closing trades (and expiry settlements) that realized a profit or a loss. */
  readonly closings: number;
  /** Share of closings that made money; null before the first closing. */
  readonly winRate: number | null;
  readonly averageWin: number | null;
  readonly averageLoss: number | null;
  readonly bestDay: { readonly day: string; readonly netPnl: number } | null;
  readonly worstDay: { readonly day: string; readonly netPnl: number } | null;
  /** Largest fall of the cumulative net P&L from a previous high (a positive number of ₹). */
  readonly maxDrawdown: number;
  readonly grossPnl: number;
  readonly charges: number;
  readonly netPnl: number;
}

export interface PnlWindow {
  readonly from?: string;
  readonly to?: string;
}

function within(day: string, window: PnlWindow): boolean {
  return (
    (window.from === undefined || day >= window.from) &&
    (window.to === undefined || day <= window.to)
  );
}

/** The charge an expiry settlement costs: STT on a long option that settled in the money. */
export function settlementCharge(closure: Closure, table: readonly ChargeRates[]): number {
  if (closure.closeTradeId !== null || closure.direction !== 'long') return 0;
  if (closure.kind !== 'CE' && closure.kind !== 'PE') return 0;
  return exerciseStt(table, closure.closeDate, closure.closePrice * closure.quantity);
}

interface Accumulator {
  trades: number;
  gross: number;
  charges: number;
}

interface Keyed {
  readonly underlying: string;
  readonly expiry: string | null;
  readonly tag: string | null;
}

const GROUPINGS: readonly Grouping[] = ['day', 'underlying', 'expiry', 'tag'];

function keyOf(grouping: Grouping, item: Keyed, day: string): string {
  switch (grouping) {
    case 'day':
      return day;
    case 'underlying':
      return item.underlying;
    case 'expiry':
      return item.expiry ?? '—';
    case 'tag':
      return item.tag ?? 'untagged';
  }
}

export interface PnlInput {
  readonly trades: readonly LedgerRow[];
  readonly ledger: Ledger;
  readonly charges: ReadonlyMap<number, ChargeBreakdown>;
  readonly rates: readonly ChargeRates[];
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Realized P&L and statistics, fed one instrument at a time (or all at once): gross from the
 * closures realized in the window, charges from the trades made in it (and exercise STT on
 * settlements). It keeps only sums per group and one figure per closing event, so a full
 * recompute never holds every trade or closure at once.
 */
export class PnlAccumulator {
  private readonly groups = new Map<Grouping, Map<string, Accumulator>>(
    GROUPINGS.map((grouping) => [grouping, new Map()]),
  );
  /** Realized P&L of each closing event (a closing trade, or one contract's settlement). */
  private readonly results: number[] = [];

  constructor(
    private readonly window: PnlWindow,
    private readonly rates: readonly ChargeRates[],
  ) {}

  private at(grouping: Grouping, key: string): Accumulator {
    const groups = this.groups.get(grouping) ?? new Map<string, Accumulator>();
    this.groups.set(grouping, groups);
    let group = groups.get(key);
    if (group === undefined) {
      group = { trades: 0, gross: 0, charges: 0 };
      groups.set(key, group);
    }
    return group;
  }

  addTrades(trades: readonly LedgerRow[], charges: ReadonlyMap<number, ChargeBreakdown>): void {
    for (const trade of trades) {
      if (!within(trade.tradeDate, this.window)) continue;
      const cost = charges.get(trade.id)?.total ?? 0;
      for (const grouping of GROUPINGS) {
        const group = this.at(grouping, keyOf(grouping, trade, trade.tradeDate));
        group.trades += 1;
        group.charges += cost;
      }
    }
  }

  /** Closures of whole closing events: every closure of a closing trade comes in one call. */
  addClosures(closures: readonly Closure[]): void {
    const byEvent = new Map<string, number>();
    for (const closure of closures) {
      if (!within(closure.closeDate, this.window)) continue;
      const charge = settlementCharge(closure, this.rates);
      for (const grouping of GROUPINGS) {
        const group = this.at(grouping, keyOf(grouping, closure, closure.closeDate));
        group.gross += closure.grossPnl;
        group.charges += charge;
      }
      const event =
        closure.closeTradeId === null
          ? `x:${closure.exchange}:${closure.tradingsymbol}`
          : `t:${closure.closeTradeId}`;
      byEvent.set(event, (byEvent.get(event) ?? 0) + closure.grossPnl);
    }
    for (const pnl of byEvent.values()) if (pnl !== 0) this.results.push(pnl);
  }

  /** Groups sorted by key. */
  grouped(grouping: Grouping): PnlGroup[] {
    return [...(this.groups.get(grouping) ?? new Map<string, Accumulator>()).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, g]) => ({
        key,
        trades: g.trades,
        grossPnl: g.gross,
        charges: g.charges,
        netPnl: g.gross - g.charges,
      }));
  }

  daily(): DailyPnl[] {
    let cumulative = 0;
    return this.grouped('day').map((day) => {
      cumulative += day.netPnl;
      return { ...day, cumulativeNetPnl: cumulative };
    });
  }

  stats(days: readonly DailyPnl[] = this.daily()): JournalStats {
    let peak = 0;
    let maxDrawdown = 0;
    let best: DailyPnl | null = null;
    let worst: DailyPnl | null = null;
    for (const day of days) {
      peak = Math.max(peak, day.cumulativeNetPnl);
      maxDrawdown = Math.max(maxDrawdown, peak - day.cumulativeNetPnl);
      if (best === null || day.netPnl > best.netPnl) best = day;
      if (worst === null || day.netPnl < worst.netPnl) worst = day;
    }
    const wins = this.results.filter((pnl) => pnl > 0);
    const losses = this.results.filter((pnl) => pnl < 0);
    const grossPnl = days.reduce((sum, d) => sum + d.grossPnl, 0);
    const charges = days.reduce((sum, d) => sum + d.charges, 0);
    return {
      trades: days.reduce((sum, d) => sum + d.trades, 0),
      closings: this.results.length,
      winRate: this.results.length === 0 ? null : wins.length / this.results.length,
      averageWin: mean(wins),
      averageLoss: mean(losses),
      bestDay: best === null ? null : { day: best.key, netPnl: best.netPnl },
      worstDay: worst === null ? null : { day: worst.key, netPnl: worst.netPnl },
      maxDrawdown,
      grossPnl,
      charges,
      netPnl: grossPnl - charges,
    };
  }
}

function accumulated(input: PnlInput, window: PnlWindow): PnlAccumulator {
  const accumulator = new PnlAccumulator(window, input.rates);
  accumulator.addTrades(input.trades, input.charges);
  accumulator.addClosures(input.ledger.closures);
  return accumulator;
}

/** Realized P&L grouped by day, underlying, expiry or tag, from a whole ledger at once. */
export function groupPnl(input: PnlInput, grouping: Grouping, window: PnlWindow): PnlGroup[] {
  return accumulated(input, window).grouped(grouping);
}

export function dailyPnl(input: PnlInput, window: PnlWindow): DailyPnl[] {
  return accumulated(input, window).daily();
}

export function journalStats(input: PnlInput, window: PnlWindow): JournalStats {
  return accumulated(input, window).stats();
}

/** Gross realized P&L booked by each closing trade (by trade row id). */
export function realizedByTrade(closures: readonly Closure[]): Map<number, number> {
  const realized = new Map<number, number>();
  for (const c of closures) {
    if (c.closeTradeId === null) continue;
    realized.set(c.closeTradeId, (realized.get(c.closeTradeId) ?? 0) + c.grossPnl);
  }
  return realized;
}
