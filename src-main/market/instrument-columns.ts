import type { Instrument } from '../domain/instrument';
import { dayNumberFromIso } from './dates';
import { NO_EXPIRY, type DictionaryColumn, type InstrumentColumns } from './instruments';

/** Codes strings as they arrive: each distinct value once. */
class DictionaryBuilder {
  private readonly distinct: string[] = [];
  private readonly codeOf = new Map<string, number>();
  readonly codes: Uint32Array;

  constructor(count: number) {
    this.codes = new Uint32Array(count);
  }

  set(row: number, value: string): void {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.distinct.length;
      this.distinct.push(value);
      this.codeOf.set(value, code);
    }
    this.codes[row] = code;
  }

  build(): DictionaryColumn {
    return { values: this.distinct, codes: this.codes };
  }
}

/** Columns from instrument objects (the simulator's list), without a CSV round trip. */
export function columnsFromInstruments(instruments: readonly Instrument[]): InstrumentColumns {
  return columnsFromRows(instruments.length, instruments);
}

/**
 * Columns from `count` instruments read one at a time (a database cursor): no array of row
 * objects is ever held, so a 100k-row list costs its columns and one row at a time.
 */
export function columnsFromRows(
  count: number,
  instruments: Iterable<Instrument>,
): InstrumentColumns {
  const instrumentToken = new Uint32Array(count);
  const exchangeToken = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const symbols: string[] = [];
  const lastPrice = new Float64Array(count);
  const expiryDay = new Int32Array(count);
  const strike = new Float64Array(count);
  const tickSize = new Float64Array(count);
  const lotSize = new Uint32Array(count);
  const [name, instrumentType, segment, exchange] = [0, 1, 2, 3].map(
    () => new DictionaryBuilder(count),
  ) as [DictionaryBuilder, DictionaryBuilder, DictionaryBuilder, DictionaryBuilder];
  let row = 0;
  let end = 0;
  for (const i of instruments) {
    if (row >= count) throw new Error(`more than the ${count} instruments announced`);
    instrumentToken[row] = i.instrumentToken;
    exchangeToken[row] = i.exchangeToken;
    end += i.tradingsymbol.length;
    ends[row] = end;
    symbols.push(i.tradingsymbol);
    name.set(row, i.name);
    lastPrice[row] = i.lastPrice;
    expiryDay[row] = i.expiry === null ? NO_EXPIRY : dayNumberFromIso(i.expiry);
    strike[row] = i.strike;
    tickSize[row] = i.tickSize;
    lotSize[row] = i.lotSize;
    instrumentType.set(row, i.instrumentType);
    segment.set(row, i.segment);
    exchange.set(row, i.exchange);
    row += 1;
  }
  if (row !== count) throw new Error(`${row} instruments, ${count} announced`);
  return {
    count,
    instrumentToken,
    exchangeToken,
    tradingsymbol: { text: symbols.join(''), ends },
    name: name.build(),
    lastPrice,
    expiryDay,
    strike,
    tickSize,
    lotSize,
    instrumentType: instrumentType.build(),
    segment: segment.build(),
    exchange: exchange.build(),
  };
}
