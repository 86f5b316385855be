import {
  batchOfRows,
  type OptionType,
  type PremiumSource,
  type ResultBatch,
  type ResultRow,
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
    forward: spot * 1.005,
    forwardSource: index % 5 === 0 ? 'carry' : 'future',
    stale: noPrice ? null : false,
    extrinsic: premium,
    nakedBreakeven: premium === null ? null : strike + premium,
    probOtmPct: noPrice ? null : 50 + random() * 45,
    probProfitPct: noPrice ? null : 55 + random() * 40,
    expectedMove: spot * 0.05,
    strikeSigmas: noPrice ? null : random() * 3,
    oiLots: null,
    volumeLots: null,
    marginPerLot: passes && premium !== null ? 50_000 + Math.round(random() * 100_000) : null,
    romPct: null,
    annualizedRomPct: passes && premium !== null ? random() * 40 : null,
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

/** The same rows as a columnar batch (NaN for missing metrics). */
export function toResultBatch(rows: readonly ResultRow[]): ResultBatch {
  return batchOfRows(rows);
}
