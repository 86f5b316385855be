/**
 * Return on margin for the options that passed a scan's filters: the broker's margin to sell
 * one lot (Kite's calculator, or the simulator's SPAN-like model), then
 *
 *   return on margin % = P·L / margin · 100,   annualized = that · 365 / D.
 *
 * Only passing rows are asked about: a full F&O scan quotes ~30,000 options, the seller's
 * filters keep a few thousand, and margins cost one paced request per ~450 orders.
 */
import type { ResultBatch } from '../../src-preload/contract/records/result-columns';
import type { Broker } from '../market/broker';
import { BrokerError } from '../market/errors';
import { marginBatches, type MarginOrder } from '../market/margins';

/** Writes one row's margin numbers into the batch's margin columns. */
export function applyMargin(batch: ResultBatch, index: number, marginPerLot: number): void {
  const premium = batch.premium[index] ?? Number.NaN;
  const lotSize = batch.lotSize[index] ?? Number.NaN;
  const days = batch.daysToExpiry[index] ?? Number.NaN;
  if (!(marginPerLot > 0)) return;
  const romPct = ((premium * lotSize) / marginPerLot) * 100;
  batch.marginPerLot[index] = marginPerLot;
  batch.romPct[index] = romPct;
  batch.annualizedRomPct[index] = days > 0 ? (romPct * 365) / days : Number.NaN;
}

export interface MarginOutcome {
  readonly calls: number;
  /** Why margins are missing for some rows, for the run's error list; null when none are. */
  readonly problem: string | null;
}

/**
 * Asks the broker for the one-lot short margin of every passing, priced row and fills the
 * batch's margin columns. A failed request leaves its rows without margins and says so; it does
 * not fail the scan. Token expiry and cancellation still stop it.
 */
export async function fillMargins(
  batch: ResultBatch,
  broker: Broker,
  signal: AbortSignal,
): Promise<MarginOutcome> {
  const rows: number[] = [];
  const orders: MarginOrder[] = [];
  for (let index = 0; index < batch.length; index++) {
    const premium = batch.premium[index] ?? Number.NaN;
    const lotSize = batch.lotSize[index] ?? 0;
    if (batch.passesFilters[index] !== 1 || !(premium > 0) || !(lotSize > 0)) continue;
    rows.push(index);
    orders.push({
      exchange: batch.exchange[index] ?? 'NFO',
      tradingsymbol: batch.tradingsymbol[index] ?? '',
      quantity: lotSize,
      price: premium,
    });
  }
  let calls = 0;
  let offset = 0;
  let problem: string | null = null;
  for (const chunk of marginBatches(orders)) {
    calls += 1;
    try {
      const margins = await broker.orderMargins(chunk, signal);
      chunk.forEach((_, position) => {
        const row = rows[offset + position];
        const margin = margins[position];
        if (row !== undefined && margin != null) applyMargin(batch, row, margin.total);
      });
    } catch (error) {
      if (
        signal.aborted ||
        (error instanceof BrokerError &&
          (error.kind === 'token-expired' || error.kind === 'cancelled'))
      )
        throw error;
      problem = `margins unavailable for some options: ${error instanceof Error ? error.message : String(error)}`;
    }
    offset += chunk.length;
  }
  return { calls, problem };
}
