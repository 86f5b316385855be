/**
 * The fake market's instrument book for one trading day: four indices and two hundred stocks,
 * their monthly futures and options, and NIFTY's weekly options, laid out as Kite's instrument
 * dump lays them out (https://kite.trade/docs/connect/v3/market-quotes/#instruments). The book is
 * the fake's own; it shares nothing with Premia's simulator.
 */
import { istDate } from './kite-docs';
import { noise, roundToTick, TICK } from './pricing';

export interface FakeUnderlying {
  /** The name derivatives carry in the dump: NIFTY, RELIANCE, M&M. */
  readonly name: string;
  readonly kind: 'index' | 'stock';
  /** The cash-market row's tradingsymbol ("NIFTY 50" for NIFTY, the name itself for a stock). */
  readonly spotSymbol: string;
  readonly companyName: string;
  /** The price the book is built around; each day's close moves away from it by a few percent. */
  readonly basePrice: number;
  readonly lotSize: number;
  readonly strikeStep: number;
  /** At-the-money annualized volatility, as a fraction. */
  readonly volatility: number;
  /** Listed strikes each side of the money: nearest month, next month, far month. */
  readonly strikesEachSide: readonly [number, number, number];
}

export interface FakeInstrument {
  readonly instrumentToken: number;
  readonly exchangeToken: number;
  readonly tradingsymbol: string;
  readonly name: string;
  readonly lastPrice: number;
  /** YYYY-MM-DD, or '' for cash-market rows. */
  readonly expiry: string;
  readonly strike: number;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly instrumentType: 'EQ' | 'FUT' | 'CE' | 'PE';
  readonly segment: 'NSE' | 'INDICES' | 'NFO-FUT' | 'NFO-OPT';
  readonly exchange: 'NSE' | 'NFO';
  /** The underlying whose price drives this instrument. */
  readonly underlying: FakeUnderlying;
}

/** Index rows as Kite lists them: segment INDICES, tick and lot size 0 (the dump's own values). */
const INDICES: readonly FakeUnderlying[] = [
  index('NIFTY', 'NIFTY 50', 24_350, 75, 50, 0.13, [40, 15, 10]),
  index('BANKNIFTY', 'NIFTY BANK', 52_400, 35, 100, 0.15, [30, 12, 8]),
  index('FINNIFTY', 'NIFTY FIN SERVICE', 23_600, 65, 50, 0.14, [25, 10, 8]),
  index('MIDCPNIFTY', 'NIFTY MID SELECT', 12_800, 140, 25, 0.17, [25, 10, 8]),
];

function index(
  name: string,
  spotSymbol: string,
  basePrice: number,
  lotSize: number,
  strikeStep: number,
  volatility: number,
  strikesEachSide: readonly [number, number, number],
): FakeUnderlying {
  return {
    name,
    kind: 'index',
    spotSymbol,
    companyName: spotSymbol,
    basePrice,
    lotSize,
    strikeStep,
    volatility,
    strikesEachSide,
  };
}

/** Well-known F&O stocks with round prices and lot sizes of the right order (not live data). */
const NAMED_STOCKS: readonly (readonly [string, string, number, number])[] = [
  ['RELIANCE', 'RELIANCE INDUSTRIES', 1_300, 500],
  ['HDFCBANK', 'HDFC BANK', 1_000, 550],
  ['TCS', 'TATA CONSULTANCY SERV LT', 3_100, 175],
  ['INFY', 'INFOSYS', 1_550, 400],
  ['SBIN', 'STATE BANK OF INDIA', 850, 750],
  ['ITC', 'ITC', 410, 1_600],
  ['LT', 'LARSEN & TOUBRO', 3_900, 175],
  ['ICICIBANK', 'ICICI BANK', 1_400, 700],
  ['AXISBANK', 'AXIS BANK', 1_150, 625],
  ['KOTAKBANK', 'KOTAK MAHINDRA BANK', 2_100, 400],
  ['BHARTIARTL', 'BHARTI AIRTEL', 2_000, 475],
  ['HINDUNILVR', 'HINDUSTAN UNILEVER', 2_400, 300],
  ['BAJFINANCE', 'BAJAJ FINANCE', 1_000, 750],
  ['MARUTI', 'MARUTI SUZUKI INDIA', 15_800, 50],
  ['TATASTEEL', 'TATA STEEL', 170, 5_500],
  ['WIPRO', 'WIPRO', 250, 3_000],
  ['M&M', 'MAHINDRA & MAHINDRA', 3_600, 200],
  ['BAJAJ-AUTO', 'BAJAJ AUTO', 8_900, 75],
  ['SUNPHARMA', 'SUN PHARMACEUTICAL IND', 1_700, 350],
  ['TITAN', 'TITAN COMPANY', 3_800, 175],
];

const PREFIXES = [
  'ARYA',
  'BHARAT',
  'CHOLA',
  'DECCAN',
  'GANGA',
  'HIMA',
  'INDU',
  'JAYA',
  'KAVERI',
  'LOTUS',
  'MALWA',
  'NARMADA',
  'ORIENT',
  'PRAGATI',
  'SAHYA',
  'TAPTI',
  'UDAYA',
  'VINDHYA',
];
const SUFFIXES = ['TEX', 'CHEM', 'POWER', 'STEEL', 'FIN', 'AUTO', 'PHARMA', 'INFRA', 'LABS', 'GAS'];
/** Stocks in the book: enough for a full-scale F&O scan (about 15,000 options in the nearest month). */
export const STOCK_COUNT = 200;

function strikeStepFor(price: number): number {
  if (price < 250) return 2.5;
  if (price < 500) return 5;
  if (price < 1_000) return 10;
  if (price < 2_500) return 20;
  if (price < 5_000) return 50;
  return 100;
}

function stock(
  name: string,
  companyName: string,
  basePrice: number,
  lotSize: number,
): FakeUnderlying {
  const volatility = 0.18 + Math.round(noise(7, `vol:${name}`) * 25) / 100;
  const strikeStep = strikeStepFor(basePrice);
  return {
    name,
    kind: 'stock',
    spotSymbol: name,
    companyName,
    basePrice,
    lotSize,
    strikeStep,
    volatility,
    strikesEachSide: [18, 12, 8],
  };
}

/** The book's underlyings, indices first: the same on every day and for every seed. */
export function fakeUnderlyings(): FakeUnderlying[] {
  const stocks = NAMED_STOCKS.map(([name, company, price, lot]) =>
    stock(name, company, price, lot),
  );
  for (const prefix of PREFIXES) {
    for (const suffix of SUFFIXES) {
      if (stocks.length >= STOCK_COUNT) break;
      const name = `${prefix}${suffix}`;
      // Prices spread log-uniformly over ₹60–₹6,000; a lot is worth roughly ₹7.5 lakh.
      const price = Math.round(60 * 100 ** noise(3, `price:${name}`));
      const lot = Math.max(25, Math.round(750_000 / price / 25) * 25);
      stocks.push(stock(name, `${prefix} ${suffix} LIMITED`, price, lot));
    }
  }
  return [...INDICES, ...stocks];
}

function lastTuesdayOf(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month + 1, 0));
  const back = (last.getUTCDay() - 2 + 7) % 7;
  return new Date(Date.UTC(year, month, last.getUTCDate() - back)).toISOString().slice(0, 10);
}

/**
 * NSE's F&O contracts expire on Tuesdays since September 2025: monthly contracts on the month's
 * last Tuesday, NIFTY's weeklies on the other Tuesdays. The fake has no exchange holidays.
 */
export function monthlyExpiries(today: string, count: number): string[] {
  const expiries: string[] = [];
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7)) - 1;
  while (expiries.length < count) {
    const expiry = lastTuesdayOf(year, month);
    if (expiry >= today) expiries.push(expiry);
    month++;
    if (month === 12) [year, month] = [year + 1, 0];
  }
  return expiries;
}

export function weeklyExpiries(today: string, count: number, monthly: readonly string[]): string[] {
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + ((2 - start.getUTCDay() + 7) % 7));
  const weeklies: string[] = [];
  for (let week = 0; weeklies.length < count && week < 10; week++) {
    const day = new Date(start.getTime() + week * 7 * 86_400_000).toISOString().slice(0, 10);
    if (!monthly.includes(day)) weeklies.push(day);
  }
  return weeklies;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKLY_MONTHS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'];

/**
 * Kite's NFO symbols: NIFTY25DECFUT; monthly options NIFTY25DEC24000CE; weekly options
 * NIFTY25D0924000CE (year, one-character month, day). As in the dump example NIFTY159500CE.
 */
export function derivativeSymbol(
  name: string,
  expiry: string,
  monthly: boolean,
  tail: string,
): string {
  const yy = expiry.slice(2, 4);
  const month = Number(expiry.slice(5, 7)) - 1;
  const code = monthly
    ? `${yy}${MONTHS[month] ?? ''}`
    : `${yy}${WEEKLY_MONTHS[month] ?? ''}${expiry.slice(8, 10)}`;
  return `${name}${code}${tail}`;
}

/** Kite's instrument_token is the exchange token shifted by 8 bits plus a segment id (408065 = 1594·256 + 1). */
const SEGMENT_ID: Readonly<Record<FakeInstrument['segment'], number>> = {
  NSE: 1,
  'NFO-FUT': 2,
  'NFO-OPT': 2,
  INDICES: 9,
};

/** The close an underlying settled at on the day before `day`: a few percent from its base price. */
export function previousClose(seed: number, underlying: FakeUnderlying, day: string): number {
  const drift = (noise(seed, `close:${underlying.name}:${day}`) - 0.5) * 0.06;
  return roundToTick(underlying.basePrice * (1 + drift));
}

export interface DayBook {
  readonly day: string;
  readonly instruments: readonly FakeInstrument[];
  readonly byKey: ReadonlyMap<string, FakeInstrument>;
  readonly byToken: ReadonlyMap<number, FakeInstrument>;
  readonly monthlies: readonly string[];
  readonly weeklies: readonly string[];
}

/** Builds the day's book. Strikes centre on the previous close, as exchanges list them. */
export function buildDayBook(
  seed: number,
  at: Date,
  closeOf: (i: FakeInstrument) => number,
): DayBook {
  const day = istDate(at);
  const monthlies = monthlyExpiries(day, 3);
  const weeklies = weeklyExpiries(day, 4, monthlies);
  const instruments: FakeInstrument[] = [];
  const nextToken = { NSE: 1_000, NFO: 30_000 };
  const add = (
    row: Omit<FakeInstrument, 'instrumentToken' | 'exchangeToken' | 'lastPrice'>,
  ): void => {
    const exchangeToken = nextToken[row.exchange]++;
    const draft = {
      ...row,
      exchangeToken,
      instrumentToken: exchangeToken * 256 + SEGMENT_ID[row.segment],
      lastPrice: 0,
    };
    instruments.push({ ...draft, lastPrice: row.segment === 'INDICES' ? 0 : closeOf(draft) });
  };
  const underlyings = fakeUnderlyings();
  for (const u of underlyings) {
    const isIndex = u.kind === 'index';
    add({
      tradingsymbol: u.spotSymbol,
      name: u.companyName,
      expiry: '',
      strike: 0,
      tickSize: isIndex ? 0 : TICK,
      lotSize: isIndex ? 0 : 1,
      instrumentType: 'EQ',
      segment: isIndex ? 'INDICES' : 'NSE',
      exchange: 'NSE',
      underlying: u,
    });
  }
  for (const u of underlyings) {
    const close = previousClose(seed, u, day);
    const atm = Math.round(close / u.strikeStep) * u.strikeStep;
    const expiries = [
      ...monthlies.map((expiry, i) => ({ expiry, monthly: true, side: u.strikesEachSide[i] ?? 8 })),
      ...(u.name === 'NIFTY'
        ? weeklies.map((expiry) => ({ expiry, monthly: false, side: 20 }))
        : []),
    ].sort((a, b) => a.expiry.localeCompare(b.expiry));
    for (const { expiry, monthly, side } of expiries) {
      const common = {
        name: u.name,
        expiry,
        tickSize: TICK,
        lotSize: u.lotSize,
        exchange: 'NFO' as const,
        underlying: u,
      };
      if (monthly)
        add({
          ...common,
          tradingsymbol: derivativeSymbol(u.name, expiry, true, 'FUT'),
          strike: 0,
          instrumentType: 'FUT',
          segment: 'NFO-FUT',
        });
      for (let step = -side; step <= side; step++) {
        const strike = Number((atm + step * u.strikeStep).toFixed(2));
        if (strike <= 0) continue;
        for (const right of ['CE', 'PE'] as const) {
          add({
            ...common,
            tradingsymbol: derivativeSymbol(u.name, expiry, monthly, `${strike}${right}`),
            strike,
            instrumentType: right,
            segment: 'NFO-OPT',
          });
        }
      }
    }
  }
  const byKey = new Map(instruments.map((i) => [`${i.exchange}:${i.tradingsymbol}`, i]));
  const byToken = new Map(instruments.map((i) => [i.instrumentToken, i]));
  return { day, instruments, byKey, byToken, monthlies, weeklies };
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One dump line; names are quoted as in Kite's dump (…,"RELIANCE INDUSTRIES",…). */
export function instrumentCsvLine(i: FakeInstrument): string {
  return [
    i.instrumentToken,
    i.exchangeToken,
    csvField(i.tradingsymbol),
    `"${i.name.replaceAll('"', '""')}"`,
    i.lastPrice,
    i.expiry,
    i.strike,
    i.tickSize,
    i.lotSize,
    i.instrumentType,
    i.segment,
    i.exchange,
  ].join(',');
}
