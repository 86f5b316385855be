import { isoFromDayNumber } from '../dates';
import type { Instrument } from '../../domain/instrument';
import { instrumentKey, NO_EXPIRY, type InstrumentKey } from '../instruments';
import { expiryCode, formatStrike, futureTradingsymbol } from '../tradingsymbol';
import type { TradingCalendar } from './calendar';
import type { PriceModel } from './price-model';
import { hashText } from './random';
import type { SimUnderlying } from './reference-data';

export type SimContractKind = 'spot' | 'future' | 'option';

/** One listed instrument and what the simulator needs to price it. */
export interface SimContract {
  readonly instrument: Instrument;
  readonly key: InstrumentKey;
  readonly underlying: SimUnderlying;
  readonly kind: SimContractKind;
  readonly right: 'CE' | 'PE' | null;
  readonly expiryDay: number;
  /** 0 for the nearest expiry of the underlying, 1 for the next, … */
  readonly expiryRank: number;
}

export interface ContractList {
  readonly sessionDay: number;
  readonly contracts: readonly SimContract[];
  readonly byKey: ReadonlyMap<InstrumentKey, SimContract>;
  readonly byToken: ReadonlyMap<number, SimContract>;
}

/** Kite's segment ids: instrument_token = exchange_token · 256 + segment id. */
const SEGMENT_ID = { NSE: 1, NFO: 2, INDICES: 9 } as const;
const NFO_TOKEN_BASE = 35_000;
const NFO_TOKEN_SPACE = 1 << 22;
const NSE_TOKEN_BASE = 100;
const NSE_TOKEN_SPACE = 60_000;

const WEEKLY_EXPIRIES = 4;
const MONTHLY_EXPIRIES = 3;
const INDEX_STRIKES_PER_SIDE = 60;
const STOCK_STRIKES_PER_SIDE = 30;
/** Stock chains reach about this far either side of the previous close. */
const STOCK_STRIKE_REACH = 0.25;

/** A contract before its token is known; flat, because object spreads are slow at 50k rows. */
interface Draft {
  readonly underlying: SimUnderlying;
  readonly kind: SimContractKind;
  readonly right: 'CE' | 'PE' | null;
  readonly expiryDay: number;
  readonly expiryRank: number;
  readonly exchangeToken: number | null;
  readonly tradingsymbol: string;
  readonly name: string;
  readonly expiry: string | null;
  readonly strike: number;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly instrumentType: string;
  readonly segment: string;
  readonly exchange: string;
}

function expiriesOf(underlying: SimUnderlying, calendar: TradingCalendar, day: number): number[] {
  const monthly = calendar.monthlyExpiries(day, MONTHLY_EXPIRIES);
  if (!underlying.weeklyExpiries) return monthly;
  const all = new Set([...calendar.weeklyExpiries(day, WEEKLY_EXPIRIES), ...monthly]);
  return [...all].sort((a, b) => a - b);
}

function strikesAround(underlying: SimUnderlying, centre: number): number[] {
  const step = underlying.strikeStep;
  const atm = Math.round(centre / step) * step;
  const perSide =
    underlying.kind === 'index'
      ? INDEX_STRIKES_PER_SIDE
      : Math.min(STOCK_STRIKES_PER_SIDE, Math.ceil((STOCK_STRIKE_REACH * centre) / step));
  const strikes: number[] = [];
  for (let k = -perSide; k <= perSide; k++) {
    const strike = Number((atm + k * step).toFixed(2));
    if (strike > 0) strikes.push(strike);
  }
  return strikes;
}

function spotDraft(underlying: SimUnderlying): Draft {
  const isIndex = underlying.kind === 'index';
  return {
    underlying,
    kind: 'spot',
    right: null,
    expiryDay: NO_EXPIRY,
    expiryRank: -1,
    exchangeToken: underlying.spotExchangeToken,
    tradingsymbol: underlying.spotSymbol,
    name: underlying.companyName,
    expiry: null,
    strike: 0,
    tickSize: isIndex ? 0 : 0.05,
    lotSize: isIndex ? 0 : 1,
    instrumentType: 'EQ',
    segment: isIndex ? 'INDICES' : 'NSE',
    exchange: 'NSE',
  };
}

function derivativeDraft(
  underlying: SimUnderlying,
  expiryDay: number,
  expiryRank: number,
  expiry: string,
  right: 'CE' | 'PE' | null,
  tradingsymbol: string,
  strike: number,
): Draft {
  return {
    underlying,
    kind: right === null ? 'future' : 'option',
    right,
    expiryDay,
    expiryRank,
    exchangeToken: null,
    tradingsymbol,
    name: underlying.underlying,
    expiry,
    strike,
    tickSize: right === null ? 0.1 : 0.05,
    lotSize: underlying.lotSize,
    instrumentType: right ?? 'FUT',
    segment: right === null ? 'NFO-FUT' : 'NFO-OPT',
    exchange: 'NFO',
  };
}

function derivativeDrafts(
  underlying: SimUnderlying,
  calendar: TradingCalendar,
  prices: PriceModel,
  sessionDay: number,
): Draft[] {
  const drafts: Draft[] = [];
  const centre = prices.closeLevel(underlying, calendar.previousTradingDay(sessionDay));
  const strikes = strikesAround(underlying, centre);
  const name = underlying.underlying;
  expiriesOf(underlying, calendar, sessionDay).forEach((expiryDay, rank) => {
    const expiry = isoFromDayNumber(expiryDay);
    const isMonthly = calendar.isMonthlyExpiry(expiryDay);
    // Same as optionTradingsymbol(), with the expiry part worked out once per expiry.
    const prefix = `${name}${expiryCode(expiryDay, isMonthly)}`;
    if (isMonthly) {
      const symbol = futureTradingsymbol(name, expiryDay);
      drafts.push(derivativeDraft(underlying, expiryDay, rank, expiry, null, symbol, 0));
    }
    for (const strike of strikes) {
      for (const right of ['CE', 'PE'] as const) {
        const symbol = `${prefix}${formatStrike(strike)}${right}`;
        drafts.push(derivativeDraft(underlying, expiryDay, rank, expiry, right, symbol, strike));
      }
    }
  });
  return drafts;
}

function segmentIdOf(instrument: Pick<Instrument, 'segment' | 'exchange'>): number {
  if (instrument.segment === 'INDICES') return SEGMENT_ID.INDICES;
  return instrument.exchange === 'NFO' ? SEGMENT_ID.NFO : SEGMENT_ID.NSE;
}

/**
 * Exchange tokens from a hash of the tradingsymbol (probing past collisions in symbol order),
 * so a contract keeps its token from one day's list to the next, as on Kite.
 */
function assignTokens(drafts: readonly Draft[]): number[] {
  const tokens = drafts.map((d) => d.exchangeToken ?? 0);
  const taken = new Map<string, Set<number>>();
  const takenIn = (segment: string): Set<number> => {
    let set = taken.get(segment);
    if (set === undefined) taken.set(segment, (set = new Set()));
    return set;
  };
  drafts.forEach((d, i) => {
    if (d.exchangeToken !== null) takenIn(d.segment).add(tokens[i] ?? 0);
  });
  const symbols = drafts.map((d) => d.tradingsymbol);
  const pending = drafts.flatMap((d, i) => (d.exchangeToken === null ? [i] : []));
  pending.sort((a, b) => ((symbols[a] ?? '') < (symbols[b] ?? '') ? -1 : 1));
  for (const i of pending) {
    const instrument = drafts[i];
    if (instrument === undefined) continue;
    const isNfo = instrument.exchange === 'NFO';
    const base = isNfo ? NFO_TOKEN_BASE : NSE_TOKEN_BASE;
    const space = isNfo ? NFO_TOKEN_SPACE : NSE_TOKEN_SPACE;
    const used = takenIn(instrument.segment);
    let slot = hashText(instrument.tradingsymbol) % space;
    while (used.has(base + slot)) slot = (slot + 1) % space;
    used.add(base + slot);
    tokens[i] = base + slot;
  }
  return tokens;
}

function finish(d: Draft, exchangeToken: number): SimContract {
  const instrument: Instrument = {
    instrumentToken: exchangeToken * 256 + segmentIdOf(d),
    exchangeToken,
    tradingsymbol: d.tradingsymbol,
    name: d.name,
    lastPrice: 0,
    expiry: d.expiry,
    strike: d.strike,
    tickSize: d.tickSize,
    lotSize: d.lotSize,
    instrumentType: d.instrumentType,
    segment: d.segment,
    exchange: d.exchange,
  };
  return {
    instrument,
    key: instrumentKey(d.exchange, d.tradingsymbol),
    underlying: d.underlying,
    kind: d.kind,
    right: d.right,
    expiryDay: d.expiryDay,
    expiryRank: d.expiryRank,
  };
}

/** Every instrument listed for a session day: spots, then futures and options by underlying. */
export function buildContracts(
  underlyings: readonly SimUnderlying[],
  calendar: TradingCalendar,
  prices: PriceModel,
  sessionDay: number,
): ContractList {
  const drafts: Draft[] = [];
  for (const underlying of underlyings) drafts.push(spotDraft(underlying));
  for (const underlying of underlyings) {
    for (const draft of derivativeDrafts(underlying, calendar, prices, sessionDay))
      drafts.push(draft);
  }
  const tokens = assignTokens(drafts);
  const contracts = drafts.map((draft, i) => finish(draft, tokens[i] ?? 0));
  const byKey = new Map<InstrumentKey, SimContract>();
  const byToken = new Map<number, SimContract>();
  for (const contract of contracts) {
    byKey.set(contract.key, contract);
    byToken.set(contract.instrument.instrumentToken, contract);
  }
  return { sessionDay, contracts, byKey, byToken };
}
