import type { Clock } from '../app/clock';
import {
  checkInstrumentBatch,
  LTP_BATCH_LIMIT,
  QUOTE_BATCH_LIMIT,
  type Broker,
  type InstrumentsRequest,
  type KiteSession,
  type LastPrice,
  type OhlcQuote,
  type Order,
  type Positions,
  type Quote,
  type Trade,
  type UserProfile,
} from './broker';
import { throwIfCancelled } from './errors';
import { instrumentKey, type InstrumentKey, type InstrumentTable } from './instruments';
import type { MarginOrder, OrderMargin } from './margins';
import { simulatedShortMargin } from './simulator/margin-model';
import { demoBook } from './simulator/demo-book';
import type { MarketSimulator } from './simulator/market-simulator';

export interface SimulatorBrokerOptions {
  readonly simulator: MarketSimulator;
  /** The simulator's "now": quotes move with it, the instrument list follows its session day. */
  readonly clock: Clock;
}

export const SIMULATOR_PROFILE: UserProfile = {
  userId: 'SIM001',
  userName: 'Premia Demo',
  userShortname: 'Demo',
  email: 'demo@premia.invalid',
  userType: 'individual',
  broker: 'SIMULATOR',
  exchanges: ['NSE', 'NFO'],
  products: ['CNC', 'NRML', 'MIS'],
  orderTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  avatarUrl: null,
};

/**
 * The built-in market, in process and without HTTP: the broker of a profile without Kite
 * credentials and of the demo. Same contract as KiteBroker, including batch limits and
 * cancellation, so the scan engine cannot tell them apart.
 */
export class SimulatorBroker implements Broker {
  readonly kind = 'simulator' as const;

  constructor(private readonly options: SimulatorBrokerOptions) {}

  private async ready(signal: AbortSignal): Promise<Date> {
    throwIfCancelled(signal);
    // Yield once, as a network call would, so callers never rely on synchronous answers.
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfCancelled(signal);
    return this.options.clock.now();
  }

  async instruments(request: InstrumentsRequest, signal: AbortSignal): Promise<InstrumentTable> {
    const now = await this.ready(signal);
    return this.options.simulator.instrumentTable(now, request.exchange);
  }

  async quote(
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<Map<InstrumentKey, Quote>> {
    checkInstrumentBatch(keys, QUOTE_BATCH_LIMIT, 'The quote request');
    const now = await this.ready(signal);
    return this.options.simulator.quotes(keys, now);
  }

  async ohlc(
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<Map<InstrumentKey, OhlcQuote>> {
    checkInstrumentBatch(keys, LTP_BATCH_LIMIT, 'The OHLC request');
    const now = await this.ready(signal);
    const result = new Map<InstrumentKey, OhlcQuote>();
    for (const [key, q] of this.options.simulator.quotes(keys, now)) {
      result.set(key, { instrumentToken: q.instrumentToken, lastPrice: q.lastPrice, ohlc: q.ohlc });
    }
    return result;
  }

  async ltp(
    keys: readonly InstrumentKey[],
    signal: AbortSignal,
  ): Promise<Map<InstrumentKey, LastPrice>> {
    checkInstrumentBatch(keys, LTP_BATCH_LIMIT, 'The last-price request');
    const now = await this.ready(signal);
    const result = new Map<InstrumentKey, LastPrice>();
    for (const [key, q] of this.options.simulator.quotes(keys, now)) {
      result.set(key, { instrumentToken: q.instrumentToken, lastPrice: q.lastPrice });
    }
    return result;
  }

  /** One-lot short margins from the simulator's SPAN-like model (simulator/margin-model.ts). */
  async orderMargins(
    orders: readonly MarginOrder[],
    signal: AbortSignal,
  ): Promise<(OrderMargin | null)[]> {
    const now = await this.ready(signal);
    const simulator = this.options.simulator;
    const spotKeys = new Map<string, InstrumentKey>();
    for (const contract of simulator.contracts(now).contracts) {
      if (contract.kind === 'spot') spotKeys.set(contract.underlying.underlying, contract.key);
    }
    const contracts = orders.map((order) =>
      simulator.resolve(instrumentKey(order.exchange, order.tradingsymbol), now),
    );
    const spots = simulator.quotes(
      [
        ...new Set(
          contracts.map((c) =>
            c === undefined ? undefined : spotKeys.get(c.underlying.underlying),
          ),
        ),
      ].filter((key): key is InstrumentKey => key !== undefined),
      now,
    );
    return orders.map((order, index) => {
      const contract = contracts[index];
      const spotKey =
        contract === undefined ? undefined : spotKeys.get(contract.underlying.underlying);
      const spot = spotKey === undefined ? undefined : spots.get(spotKey)?.lastPrice;
      if (contract?.right == null || spot === undefined) return null;
      const margin = simulatedShortMargin({
        kind: contract.underlying.kind,
        right: contract.right,
        spot,
        strike: contract.instrument.strike,
        quantity: order.quantity,
      });
      return {
        exchange: order.exchange,
        tradingsymbol: order.tradingsymbol,
        span: margin.span,
        exposure: margin.exposure,
        optionPremium: 0,
        total: margin.total,
      };
    });
  }

  async profile(signal: AbortSignal): Promise<UserProfile> {
    await this.ready(signal);
    return SIMULATOR_PROFILE;
  }

  async orders(signal: AbortSignal): Promise<Order[]> {
    return demoBook(this.options.simulator, await this.ready(signal)).orders;
  }

  async trades(signal: AbortSignal): Promise<Trade[]> {
    return demoBook(this.options.simulator, await this.ready(signal)).trades;
  }

  async positions(signal: AbortSignal): Promise<Positions> {
    return demoBook(this.options.simulator, await this.ready(signal)).positions;
  }

  async exchangeToken(_requestToken: string, signal: AbortSignal): Promise<KiteSession> {
    const now = await this.ready(signal);
    return {
      userId: SIMULATOR_PROFILE.userId,
      userName: SIMULATOR_PROFILE.userName,
      apiKey: 'simulator',
      accessToken: 'simulator',
      publicToken: 'simulator',
      loginTime: now,
    };
  }

  async invalidateToken(signal: AbortSignal): Promise<void> {
    await this.ready(signal);
  }
}
