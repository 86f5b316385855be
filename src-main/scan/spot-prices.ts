import type { ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import { LTP_BATCH_LIMIT, type Broker } from '../market/broker';
import type { InstrumentKey } from '../market/instruments';

/** How long an underlying's price is reused by the next scan of the same profile (default). */
export const SPOT_PRICE_TTL_MS = 5_000;

/**
 * Underlying prices per profile, reused for a few seconds: a trader rescanning with other filters
 * does not spend an LTP call on prices that cannot have moved much.
 */
export class SpotPrices {
  private readonly byProfile = new Map<
    ProfileId,
    Map<InstrumentKey, { readonly price: number; readonly at: number }>
  >();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = SPOT_PRICE_TTL_MS,
  ) {}

  async prices(
    profileId: ProfileId,
    broker: Broker,
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<{ prices: Map<InstrumentKey, number>; calls: number }> {
    let cache = this.byProfile.get(profileId);
    if (cache === undefined) {
      cache = new Map();
      this.byProfile.set(profileId, cache);
    }
    const now = this.clock.now().getTime();
    const prices = new Map<InstrumentKey, number>();
    const missing: InstrumentKey[] = [];
    for (const key of keys) {
      const cached = cache.get(key);
      if (cached !== undefined && now - cached.at <= this.ttlMs) prices.set(key, cached.price);
      else missing.push(key);
    }
    let calls = 0;
    for (let start = 0; start < missing.length; start += LTP_BATCH_LIMIT) {
      calls += 1;
      const quotes = await broker.ltp(missing.slice(start, start + LTP_BATCH_LIMIT), signal);
      for (const [key, quote] of quotes) {
        prices.set(key, quote.lastPrice);
        cache.set(key, { price: quote.lastPrice, at: now });
      }
    }
    return { prices, calls };
  }

  forget(profileId: ProfileId): void {
    this.byProfile.delete(profileId);
  }
}
