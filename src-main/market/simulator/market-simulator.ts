import type { Quote } from '../broker';
import { formatInstrumentCsv, InstrumentTable, type InstrumentKey } from '../instruments';
import { columnsFromInstruments } from '../instrument-columns';
import { TradingCalendar } from './calendar';
import { buildContracts, type ContractList, type SimContract } from './contracts';
import { PriceModel } from './price-model';
import { quoteContract, type PricingContext } from './quotes';
import {
  builtInReferenceData,
  simUnderlyings,
  type ReferenceData,
  type SimUnderlying,
} from './reference-data';

export interface MarketSimulatorOptions {
  /** Same seed and same instant → same market. */
  readonly seed: number;
  /** Defaults to resources/simulator/underlyings.json. */
  readonly referenceData?: ReferenceData;
}

const CACHED_SESSIONS = 3;

/**
 * A deterministic synthetic NSE F&O market: the instrument list of any session day and a quote
 * for any listed instrument at any instant, both pure functions of the seed and the instant.
 * Shared by the in-process SimulatorBroker and the loopback Kite server used in tests.
 */
export class MarketSimulator {
  readonly seed: number;
  readonly underlyings: readonly SimUnderlying[];
  readonly calendar: TradingCalendar;
  readonly riskFreeRate: number;
  private readonly prices: PriceModel;
  private readonly sessions = new Map<number, ContractList>();
  private readonly tables = new Map<string, InstrumentTable>();

  constructor(options: MarketSimulatorOptions) {
    const data = options.referenceData ?? builtInReferenceData();
    this.seed = Math.trunc(options.seed);
    this.underlyings = simUnderlyings(data);
    this.calendar = new TradingCalendar(data);
    this.riskFreeRate = data.riskFreeRate;
    this.prices = new PriceModel(this.seed, this.calendar);
  }

  /** The session an instant belongs to (the last trading day on weekends and holidays). */
  sessionDay(at: Date): number {
    return this.calendar.sessionDay(at);
  }

  /** The instruments listed for the session of an instant, spots first. */
  contracts(at: Date): ContractList {
    const day = this.sessionDay(at);
    let list = this.sessions.get(day);
    if (list === undefined) {
      list = buildContracts(this.underlyings, this.calendar, this.prices, day);
      if (this.sessions.size >= CACHED_SESSIONS) this.sessions.clear();
      this.sessions.set(day, list);
    }
    return list;
  }

  private selected(at: Date, exchange: string | undefined): SimContract[] {
    const all = this.contracts(at).contracts;
    return exchange === undefined
      ? [...all]
      : all.filter((c) => c.instrument.exchange === exchange);
  }

  /** The session's instrument list in Kite's CSV format (all exchanges, or one). */
  instrumentCsv(at: Date, exchange?: string): string {
    return formatInstrumentCsv(this.selected(at, exchange).map((c) => c.instrument));
  }

  instrumentTable(at: Date, exchange?: string): InstrumentTable {
    const cacheKey = `${this.sessionDay(at)}:${exchange ?? '*'}`;
    let table = this.tables.get(cacheKey);
    if (table === undefined) {
      table = new InstrumentTable(
        columnsFromInstruments(this.selected(at, exchange).map((c) => c.instrument)),
      );
      if (this.tables.size >= CACHED_SESSIONS * 4) this.tables.clear();
      this.tables.set(cacheKey, table);
    }
    return table;
  }

  /** The contract an instrument key ("NFO:…") or instrument token names, if listed. */
  resolve(keyOrToken: InstrumentKey, at: Date): SimContract | undefined {
    const list = this.contracts(at);
    if (/^\d+$/.test(keyOrToken)) return list.byToken.get(Number(keyOrToken));
    return list.byKey.get(keyOrToken);
  }

  private context(at: Date): PricingContext {
    const sessionDay = this.sessionDay(at);
    return {
      seed: this.seed,
      rate: this.riskFreeRate,
      prices: this.prices,
      calendar: this.calendar,
      sessionDay,
      minute: this.calendar.sessionMinute(at, sessionDay),
    };
  }

  /** Quotes for the keys that name listed instruments; unknown keys are left out, as on Kite. */
  quotes(keys: readonly InstrumentKey[], at: Date): Map<InstrumentKey, Quote> {
    const ctx = this.context(at);
    const quotes = new Map<InstrumentKey, Quote>();
    for (const key of keys) {
      const contract = this.resolve(key, at);
      if (contract !== undefined) quotes.set(key, quoteContract(contract, ctx));
    }
    return quotes;
  }
}
