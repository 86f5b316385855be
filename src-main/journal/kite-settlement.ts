import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { Broker } from '../market/broker';
import { isoFromDayNumber, istDayNumber } from '../market/dates';
import { INDEX_SPOT_SYMBOLS } from '../market/fno-universe';
import { instrumentKey, type InstrumentKey } from '../market/instruments';
import type { JournalStore } from '../storage/journal-store';

export interface KiteSettlement {
  readonly underlying: string;
  readonly expiry: string;
  readonly closePrice: number;
}

/**
 * Where Kite quotes an F&O underlying: an index by its cash-market name (NIFTY → NSE:NIFTY 50),
 * a stock by its own symbol, and BSE's contracts (SENSEX, BANKEX) on BSE.
 */
export function underlyingQuoteKey(exchange: string, underlying: string): InstrumentKey {
  if (exchange === 'BFO') return instrumentKey('BSE', underlying);
  return instrumentKey('NSE', INDEX_SPOT_SYMBOLS[underlying] ?? underlying);
}

/**
 * After 15:30 IST on an expiry day, Kite's last price of the underlying is its closing price,
 * which settles the contracts that expired open today. A quote stamped on another day (a
 * holiday's stale price, tomorrow's pre-open) is not that close, so it is not used; contracts
 * of earlier expiries wait for a stored scan or the trader, as Kite serves no past closes here.
 */
export async function settleTodaysExpiries(
  store: JournalStore,
  profileId: ProfileId,
  broker: Broker,
  now: Date,
  signal: AbortSignal,
): Promise<KiteSettlement[]> {
  const today = isoFromDayNumber(istDayNumber(now));
  const open = await store.openContractsExpiring(profileId, today);
  if (open.length === 0) return [];
  const keys = new Map(
    open.map((c) => [c.underlying, underlyingQuoteKey(c.exchange, c.underlying)]),
  );
  const quotes = await broker.quote([...new Set(keys.values())], signal);
  const settled: KiteSettlement[] = [];
  for (const [underlying, key] of keys) {
    const quote = quotes.get(key);
    if (quote === undefined || !(quote.lastPrice > 0)) continue;
    const stamped = quote.timestamp ?? quote.lastTradeTime;
    if (stamped !== null && isoFromDayNumber(istDayNumber(stamped)) !== today) continue;
    await store.saveSettlement(profileId, {
      underlying,
      expiry: today,
      closePrice: quote.lastPrice,
      source: 'kite',
      at: now.toISOString(),
    });
    settled.push({ underlying, expiry: today, closePrice: quote.lastPrice });
  }
  return settled;
}
