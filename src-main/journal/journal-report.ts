import type {
  JournalSummary,
  PositionView,
  SuggestedVsRealized,
  SuggestionView,
} from '../../src-preload/contract/domains/journal';
import type { LedgerRow, StoredMark } from '../storage/journal-records';
import type { Closure, Ledger, Position } from './fifo';
import type { PnlAccumulator, PnlWindow } from './stats';

const DAY_MS = 86_400_000;

/** Open positions marked to the newest stored price; awaiting-settlement ones are not marked. */
export function markPositions(
  positions: readonly Position[],
  marks: readonly StoredMark[],
): PositionView[] {
  const bySymbol = new Map(marks.map((mark) => [`${mark.exchange}:${mark.tradingsymbol}`, mark]));
  return positions.map((p) => {
    const mark = p.awaitingSettlement
      ? undefined
      : bySymbol.get(`${p.exchange}:${p.tradingsymbol}`);
    return {
      exchange: p.exchange,
      tradingsymbol: p.tradingsymbol,
      underlying: p.underlying,
      kind: p.kind,
      expiry: p.expiry,
      strike: p.strike,
      quantity: p.quantity,
      averagePrice: p.averagePrice,
      awaitingSettlement: p.awaitingSettlement,
      markPrice: mark?.price ?? null,
      markedAt: mark?.at ?? null,
      unrealizedPnl: mark === undefined ? null : (mark.price - p.averagePrice) * p.quantity,
    };
  });
}

export function journalSummary(
  pnl: PnlAccumulator,
  positions: PositionView[],
  kiteUserId: string | null,
): JournalSummary {
  const days = pnl.daily();
  return {
    kiteUserId,
    stats: pnl.stats(days),
    days,
    byUnderlying: pnl.grouped('underlying'),
    byExpiry: pnl.grouped('expiry'),
    byTag: pnl.grouped('tag'),
    positions,
  };
}

export interface Suggestion {
  readonly runId: number;
  readonly runStartedAt: string;
  readonly tradingsymbol: string;
  readonly premium: number | null;
  readonly spot: number;
  readonly annualizedYieldPct: number | null;
  readonly annualizedReturnOnMarginPct: number | null;
}

/**
 * The realized outcome of units sold short, as an annualized yield on the same basis as the
 * scan's (DESIGN §5: strike for a cash-secured put, spot for a covered call), over the days the
 * position was held (at least one).
 */
function realizedYield(closures: readonly Closure[], basis: number): number | null {
  const units = closures.reduce((sum, c) => sum + c.quantity, 0);
  if (units === 0 || basis <= 0) return null;
  const pnl = closures.reduce((sum, c) => sum + c.grossPnl, 0);
  const heldMs = Math.max(
    ...closures.map((c) => Date.parse(c.closedAt) - Date.parse(c.openedAt)),
    DAY_MS,
  );
  return ((pnl / units / basis) * 100 * 365) / (heldMs / DAY_MS);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Each option sold to open that an earlier scan of this profile listed, beside the scan's own
 * figures: the latest scan before the sale is the one that suggested it.
 */
export function suggestedVsRealized(
  trades: readonly LedgerRow[],
  ledger: Ledger,
  suggestions: readonly Suggestion[],
  window: PnlWindow,
): SuggestedVsRealized {
  const bySymbol = new Map<string, Suggestion[]>();
  for (const s of suggestions) {
    const list = bySymbol.get(s.tradingsymbol) ?? [];
    list.push(s);
    bySymbol.set(s.tradingsymbol, list);
  }
  const closuresByOpen = new Map<number, Closure[]>();
  for (const c of ledger.closures) {
    if (c.direction !== 'short') continue;
    const list = closuresByOpen.get(c.openTradeId);
    if (list === undefined) closuresByOpen.set(c.openTradeId, [c]);
    else list.push(c);
  }
  const rows: SuggestionView[] = [];
  for (const trade of trades) {
    if (trade.side !== 'SELL' || (trade.kind !== 'CE' && trade.kind !== 'PE')) continue;
    if (window.from !== undefined && trade.tradeDate < window.from) continue;
    if (window.to !== undefined && trade.tradeDate > window.to) continue;
    const scan = (bySymbol.get(trade.tradingsymbol) ?? [])
      .filter((s) => s.runStartedAt <= trade.tradedAt)
      .at(-1);
    if (scan === undefined) continue;
    const closed = closuresByOpen.get(trade.id) ?? [];
    const basis = trade.kind === 'PE' ? (trade.strike ?? 0) : scan.spot;
    rows.push({
      tradeId: trade.id,
      tradingsymbol: trade.tradingsymbol,
      soldAt: trade.tradedAt,
      quantity: trade.quantity,
      soldPrice: trade.price,
      runId: scan.runId,
      scanPremium: scan.premium,
      scanAnnualizedYieldPct: scan.annualizedYieldPct,
      scanAnnualizedReturnOnMarginPct: scan.annualizedReturnOnMarginPct,
      realizedPnl: closed.length === 0 ? null : closed.reduce((sum, c) => sum + c.grossPnl, 0),
      realizedAnnualizedYieldPct: realizedYield(closed, basis),
    });
  }
  const scanYields = rows.flatMap((r) =>
    r.scanAnnualizedYieldPct === null ? [] : [r.scanAnnualizedYieldPct],
  );
  const realizedYields = rows.flatMap((r) =>
    r.realizedAnnualizedYieldPct === null ? [] : [r.realizedAnnualizedYieldPct],
  );
  return {
    rows,
    aggregate: {
      trades: rows.length,
      closed: rows.filter((r) => r.realizedPnl !== null).length,
      meanScanAnnualizedYieldPct: mean(scanYields),
      meanRealizedAnnualizedYieldPct: mean(realizedYields),
      realizedPnl: rows.reduce((sum, r) => sum + (r.realizedPnl ?? 0), 0),
    },
  };
}
