import type { StoredTrade } from '../storage/journal-records';
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

function keyOf(grouping: Grouping, item: { closeDate?: string; tradeDate?: string } & Keyed) {
  switch (grouping) {
    case 'day':
      return item.closeDate ?? item.tradeDate ?? '';
    case 'underlying':
      return item.underlying;
    case 'expiry':
      return item.expiry ?? '—';
    case 'tag':
      return item.tag ?? 'untagged';
  }
}

interface Keyed {
  readonly underlying: string;
  readonly expiry: string | null;
  readonly tag: string | null;
}

export interface PnlInput {
  readonly trades: readonly StoredTrade[];
  readonly ledger: Ledger;
  readonly charges: ReadonlyMap<number, ChargeBreakdown>;
  readonly rates: readonly ChargeRates[];
}

/**
 * Groups realized P&L: gross from the closures realized in the window, charges from the trades
 * made in it (and exercise STT on settlements). Groups are sorted by key.
 */
export function groupPnl(input: PnlInput, grouping: Grouping, window: PnlWindow): PnlGroup[] {
  const groups = new Map<string, Accumulator>();
  const at = (key: string): Accumulator => {
    let group = groups.get(key);
    if (group === undefined) {
      group = { trades: 0, gross: 0, charges: 0 };
      groups.set(key, group);
    }
    return group;
  };
  for (const trade of input.trades) {
    if (!within(trade.tradeDate, window)) continue;
    const group = at(keyOf(grouping, trade));
    group.trades += 1;
    group.charges += input.charges.get(trade.id)?.total ?? 0;
  }
  for (const closure of input.ledger.closures) {
    if (!within(closure.closeDate, window)) continue;
    const group = at(keyOf(grouping, closure));
    group.gross += closure.grossPnl;
    group.charges += settlementCharge(closure, input.rates);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      key,
      trades: g.trades,
      grossPnl: g.gross,
      charges: g.charges,
      netPnl: g.gross - g.charges,
    }));
}

export function dailyPnl(input: PnlInput, window: PnlWindow): DailyPnl[] {
  let cumulative = 0;
  return groupPnl(input, 'day', window).map((day) => {
    cumulative += day.netPnl;
    return { ...day, cumulativeNetPnl: cumulative };
  });
}

/** Realized P&L per closing event: a closing trade, or one contract's expiry settlement. */
function closingResults(closures: readonly Closure[], window: PnlWindow): number[] {
  const byEvent = new Map<string, number>();
  for (const c of closures) {
    if (!within(c.closeDate, window)) continue;
    const key =
      c.closeTradeId === null ? `x:${c.exchange}:${c.tradingsymbol}` : `t:${c.closeTradeId}`;
    byEvent.set(key, (byEvent.get(key) ?? 0) + c.grossPnl);
  }
  return [...byEvent.values()];
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function journalStats(
  input: PnlInput,
  window: PnlWindow,
  days: readonly DailyPnl[] = dailyPnl(input, window),
): JournalStats {
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
  const results = closingResults(input.ledger.closures, window).filter((pnl) => pnl !== 0);
  const wins = results.filter((pnl) => pnl > 0);
  const losses = results.filter((pnl) => pnl < 0);
  const grossPnl = days.reduce((sum, d) => sum + d.grossPnl, 0);
  const charges = days.reduce((sum, d) => sum + d.charges, 0);
  return {
    trades: days.reduce((sum, d) => sum + d.trades, 0),
    closings: results.length,
    winRate: results.length === 0 ? null : wins.length / results.length,
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

/** Gross realized P&L booked by each closing trade (by trade row id). */
export function realizedByTrade(closures: readonly Closure[]): Map<number, number> {
  const realized = new Map<number, number>();
  for (const c of closures) {
    if (c.closeTradeId === null) continue;
    realized.set(c.closeTradeId, (realized.get(c.closeTradeId) ?? 0) + c.grossPnl);
  }
  return realized;
}
