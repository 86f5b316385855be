import type { LedgerRow } from '../storage/journal-records';
import { estimateCharges, type ChargeBreakdown, type ChargeRates } from './charges';
import { buildLedger, settlementKey, type Ledger, type LedgerOptions, type Position } from './fifo';
import { PnlAccumulator, type PnlWindow } from './stats';

/** One instrument's trades with their FIFO ledger and charge estimates. */
export interface InstrumentBook {
  readonly trades: readonly LedgerRow[];
  readonly ledger: Ledger;
  readonly charges: ReadonlyMap<number, ChargeBreakdown>;
}

/**
 * FIFO and charges of one instrument. Both are per instrument by nature — lots match within an
 * instrument, and an order (which brokerage is charged per) is for one instrument — so the
 * journal derives them an instrument at a time and never needs every trade at once.
 */
export function instrumentBook(
  trades: readonly LedgerRow[],
  options: LedgerOptions,
  rates: readonly ChargeRates[],
): InstrumentBook {
  return { trades, ledger: buildLedger(trades, options), charges: estimateCharges(trades, rates) };
}

/**
 * The whole journal's P&L, fed one instrument at a time as the trades stream out of the
 * database. An instrument left open past expiry with no known settlement is held back (with its
 * few trades) until the caller has looked for the underlying's close; everything else is folded
 * into sums at once.
 */
export class JournalRecompute {
  readonly accumulator: PnlAccumulator;
  readonly positions: Position[] = [];
  private readonly held: (readonly LedgerRow[])[] = [];

  constructor(
    window: PnlWindow,
    private readonly rates: readonly ChargeRates[],
    /** Its settlements map may gain entries before finish(). */
    private readonly options: LedgerOptions,
  ) {
    this.accumulator = new PnlAccumulator(window, rates);
  }

  add(trades: readonly LedgerRow[]): void {
    const book = instrumentBook(trades, this.options, this.rates);
    if (book.ledger.positions.some((p) => p.awaitingSettlement)) this.held.push(trades);
    else this.fold(book);
  }

  private fold(book: InstrumentBook): void {
    this.accumulator.addTrades(book.trades, book.charges);
    this.accumulator.addClosures(book.ledger.closures);
    this.positions.push(...book.ledger.positions);
  }

  /** The contracts whose settlement price is still unknown. */
  awaiting(): { underlying: string; expiry: string }[] {
    const wanted = new Map<string, { underlying: string; expiry: string }>();
    for (const trades of this.held) {
      const first = trades[0];
      if (first?.expiry == null) continue;
      wanted.set(settlementKey(first.underlying, first.expiry), {
        underlying: first.underlying,
        expiry: first.expiry,
      });
    }
    return [...wanted.values()];
  }

  /** Folds in the held instruments with whatever settlements are now known. */
  finish(): this {
    for (const trades of this.held.splice(0))
      this.fold(instrumentBook(trades, this.options, this.rates));
    return this;
  }
}
