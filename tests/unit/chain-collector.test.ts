import { describe, expect, it } from 'vitest';
import { ChainCollector } from '../../src-main/scan/chain-collector';
import { resultRowsOf, type ResultRow } from '../../src-main/storage/result-row';
import { makeResultRows, toResultBatch } from '../support/result-fixtures';

/** A row of `underlying` with a given annualized return on margin, passing or not. */
function option(index: number, underlying: string, rom: number, passes = true): ResultRow {
  const [row] = makeResultRows(index, 1);
  if (row === undefined) throw new Error('no fixture row');
  return {
    ...row,
    underlying,
    tradingsymbol: `${underlying}${index}`,
    annualizedRomPct: rom,
    passesFilters: passes,
    filterReason: passes ? null : 'spread too wide',
  };
}

describe('ChainCollector', () => {
  it('ranks a chain that spans two batches once it is complete, keeping its order', () => {
    const collector = new ChainCollector(
      new Map([
        ['TCS', 4],
        ['INFY', 1],
      ]),
      { n: 2, metric: 'annualizedRomPct' },
    );
    const first = collector.add(
      toResultBatch([option(1, 'TCS', 10), option(2, 'TCS', 40), option(3, 'INFY', 5)]),
    );
    // INFY's one-row chain is done; TCS waits for its other two rows.
    expect(first.completed).toEqual(['INFY']);
    expect(first.ready.flatMap((batch) => resultRowsOf(batch).map((r) => r.tradingsymbol))).toEqual(
      ['INFY3'],
    );
    const second = collector.add(
      toResultBatch([option(4, 'TCS', 30), option(5, 'TCS', 99, false)]),
    );
    expect(second.completed).toEqual(['TCS']);
    const rows = second.ready.flatMap((batch) => resultRowsOf(batch));
    // The best two passing rows by return on margin are TCS2 (40) and TCS4 (30); TCS5 never passed.
    expect(rows.map((r) => [r.tradingsymbol, r.passesFilters, r.filterReason])).toEqual([
      ['TCS1', false, 'not in the top 2 by annualizedRomPct'],
      ['TCS2', true, null],
      ['TCS4', true, null],
      ['TCS5', false, 'spread too wide'],
    ]);
    expect(collector.drain().length).toBe(0);
  });

  it('hands back the rows of chains a stopped scan never completed, unranked', () => {
    const collector = new ChainCollector(new Map([['TCS', 5]]), {
      n: 1,
      metric: 'annualizedRomPct',
    });
    expect(
      collector.add(toResultBatch([option(1, 'TCS', 10), option(2, 'TCS', 20)])).ready,
    ).toEqual([]);
    const left = resultRowsOf(collector.drain());
    expect(left.map((r) => [r.tradingsymbol, r.passesFilters])).toEqual([
      ['TCS1', true],
      ['TCS2', true],
    ]);
  });

  it('passes batches straight through without a top-N filter', () => {
    const collector = new ChainCollector(new Map([['TCS', 2]]), null);
    const batch = toResultBatch([option(1, 'TCS', 10), option(2, 'TCS', 20)]);
    expect(collector.add(batch)).toEqual({ ready: [batch], completed: ['TCS'] });
  });
});
