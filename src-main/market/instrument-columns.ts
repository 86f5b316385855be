import type { Instrument } from '../domain/instrument';
import { dayNumberFromIso } from './dates';
import { NO_EXPIRY, type DictionaryColumn, type InstrumentColumns } from './instruments';

function dictionary(values: readonly string[]): DictionaryColumn {
  const distinct: string[] = [];
  const codeOf = new Map<string, number>();
  const codes = new Uint32Array(values.length);
  values.forEach((value, row) => {
    let code = codeOf.get(value);
    if (code === undefined) {
      code = distinct.length;
      distinct.push(value);
      codeOf.set(value, code);
    }
    codes[row] = code;
  });
  return { values: distinct, codes };
}

/** Columns from instrument objects (the simulator's list), without a CSV round trip. */
export function columnsFromInstruments(instruments: readonly Instrument[]): InstrumentColumns {
  const count = instruments.length;
  const ends = new Uint32Array(count);
  let end = 0;
  instruments.forEach((i, row) => {
    end += i.tradingsymbol.length;
    ends[row] = end;
  });
  return {
    count,
    instrumentToken: Uint32Array.from(instruments, (i) => i.instrumentToken),
    exchangeToken: Uint32Array.from(instruments, (i) => i.exchangeToken),
    tradingsymbol: { text: instruments.map((i) => i.tradingsymbol).join(''), ends },
    name: dictionary(instruments.map((i) => i.name)),
    lastPrice: Float64Array.from(instruments, (i) => i.lastPrice),
    expiryDay: Int32Array.from(instruments, (i) =>
      i.expiry === null ? NO_EXPIRY : dayNumberFromIso(i.expiry),
    ),
    strike: Float64Array.from(instruments, (i) => i.strike),
    tickSize: Float64Array.from(instruments, (i) => i.tickSize),
    lotSize: Uint32Array.from(instruments, (i) => i.lotSize),
    instrumentType: dictionary(instruments.map((i) => i.instrumentType)),
    segment: dictionary(instruments.map((i) => i.segment)),
    exchange: dictionary(instruments.map((i) => i.exchange)),
  };
}
