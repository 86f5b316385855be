import type {
  OptionType,
  PremiumSource,
  ResultBatch,
  ResultRow,
} from '../../src-main/storage/result-row';

const UNDERLYINGS = ['NIFTY', 'BANKNIFTY', 'RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'SBIN', 'ITC'];

/** A small deterministic generator (mulberry32), so tests and the benchmark are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Option row number `index` of a scan, plausible enough for sorting and filtering: strikes
 * around the spot, a NULL premium (and yields) on every 17th row, every 3rd row filtered out.
 */
export function makeResultRow(index: number, random: () => number, tag = 'R'): ResultRow {
  const underlying = UNDERLYINGS[index % UNDERLYINGS.length] ?? 'NIFTY';
  const optionType: OptionType = index % 2 === 0 ? 'CE' : 'PE';
  const spot = 1000 + (index % UNDERLYINGS.length) * 500;
  const strike = Math.round(spot * (0.8 + random() * 0.4));
  const noPrice = index % 17 === 0;
  const bid = noPrice ? null : Math.round(random() * 5000) / 100;
  const ask = bid === null ? null : bid + 0.05 + Math.round(random() * 100) / 100;
  const premium = bid === null || ask === null ? null : (bid + ask) / 2;
  const daysToExpiry = 1 + Math.floor(random() * 60);
  const yieldPct = premium === null ? null : (premium / spot) * 100;
  const premiumSource: PremiumSource = premium === null ? 'none' : 'mid';
  const passes = index % 3 !== 0;
  return {
    underlying,
    tradingsymbol: `${underlying}${tag}${index}${optionType}`,
    instrumentToken: 10_000_000 + index,
    exchange: 'NFO',
    optionType,
    strike,
    expiry: '2025-01-30',
    lotSize: 25 + (index % 4) * 25,
    daysToExpiry,
    spot,
    bid,
    ask,
    lastPrice: noPrice ? null : Math.round(random() * 5000) / 100,
    premium,
    premiumSource,
    volume: Math.floor(random() * 1_000_000),
    oi: Math.floor(random() * 5_000_000),
    otmPct: optionType === 'CE' ? ((strike - spot) / spot) * 100 : ((spot - strike) / spot) * 100,
    yieldPct,
    annualizedYieldPct: yieldPct === null ? null : (yieldPct * 365) / daysToExpiry,
    breakeven: premium === null ? null : strike - premium,
    premiumPerLot: premium === null ? null : premium * 50,
    spreadPct:
      premium === null || bid === null || ask === null ? null : ((ask - bid) / premium) * 100,
    iv: noPrice ? null : 10 + random() * 40,
    delta: noPrice ? null : optionType === 'CE' ? random() : -random(),
    passesFilters: passes,
    filterReason: passes ? null : 'otm below minimum',
    quoteTime: '2025-01-10T09:30:00.000Z',
  };
}

export function makeResultRows(
  start: number,
  count: number,
  seed = start + 1,
  tag = 'R',
): ResultRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, offset) => makeResultRow(start + offset, random, tag));
}

const nan = (value: number | null): number => (value === null ? Number.NaN : value);

/** The same rows as a columnar batch (NaN for missing metrics). */
export function toResultBatch(rows: readonly ResultRow[]): ResultBatch {
  const floats = (pick: (row: ResultRow) => number | null) =>
    Float64Array.from(rows, (row) => nan(pick(row)));
  return {
    length: rows.length,
    underlying: rows.map((row) => row.underlying),
    tradingsymbol: rows.map((row) => row.tradingsymbol),
    instrumentToken: floats((row) => row.instrumentToken),
    exchange: rows.map((row) => row.exchange),
    optionType: rows.map((row) => row.optionType),
    strike: floats((row) => row.strike),
    expiry: rows.map((row) => row.expiry),
    lotSize: Int32Array.from(rows, (row) => row.lotSize),
    daysToExpiry: floats((row) => row.daysToExpiry),
    spot: floats((row) => row.spot),
    bid: floats((row) => row.bid),
    ask: floats((row) => row.ask),
    lastPrice: floats((row) => row.lastPrice),
    premium: floats((row) => row.premium),
    premiumSource: rows.map((row) => row.premiumSource),
    volume: floats((row) => row.volume),
    oi: floats((row) => row.oi),
    otmPct: floats((row) => row.otmPct),
    yieldPct: floats((row) => row.yieldPct),
    annualizedYieldPct: floats((row) => row.annualizedYieldPct),
    breakeven: floats((row) => row.breakeven),
    premiumPerLot: floats((row) => row.premiumPerLot),
    spreadPct: floats((row) => row.spreadPct),
    iv: floats((row) => row.iv),
    delta: floats((row) => row.delta),
    passesFilters: Uint8Array.from(rows, (row) => (row.passesFilters ? 1 : 0)),
    filterReason: rows.map((row) => row.filterReason),
    quoteTime: rows.map((row) => row.quoteTime),
  };
}
