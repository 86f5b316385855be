import { describe, expect, it } from 'vitest';
import { buildLedger } from '../../src-main/journal/fifo';
import { suggestedVsRealized, type Suggestion } from '../../src-main/journal/journal-report';
import type { StoredTrade } from '../../src-main/storage/journal-records';

function trade(id: number, side: 'BUY' | 'SELL', price: number, tradedAt: string): StoredTrade {
  return {
    id,
    exchange: 'NFO',
    tradeId: String(id),
    orderId: String(id),
    tradingsymbol: 'NIFTY26JAN26000CE',
    underlying: 'NIFTY',
    kind: 'CE',
    expiry: '2026-01-27',
    strike: 26000,
    side,
    quantity: 75,
    price,
    tradedAt,
    tradeDate: tradedAt.slice(0, 10),
    product: 'NRML',
    source: 'kite',
    importId: 1,
    tag: null,
  };
}

const scan = (runId: number, runStartedAt: string, yieldPct: number): Suggestion => ({
  runId,
  runStartedAt,
  tradingsymbol: 'NIFTY26JAN26000CE',
  premium: 98,
  spot: 25_000,
  annualizedYieldPct: yieldPct,
  annualizedReturnOnMarginPct: null,
});

describe('suggested vs realized', () => {
  it("puts the latest earlier scan's yield beside what the sale made", () => {
    const trades = [
      trade(1, 'SELL', 100, '2026-01-05T04:00:00.000Z'),
      trade(2, 'BUY', 40, '2026-01-15T04:00:00.000Z'),
    ];
    const ledger = buildLedger(trades, { settlements: new Map(), expiredThrough: '2026-01-20' });
    const report = suggestedVsRealized(
      trades,
      ledger,
      [
        scan(7, '2026-01-02T05:00:00.000Z', 15),
        scan(8, '2026-01-05T03:50:00.000Z', 21.5), // ten minutes before the sale: this one
        scan(9, '2026-01-06T05:00:00.000Z', 30), // after the sale: not what suggested it
      ],
      {},
    );
    // Sold 75 @ 100, bought back @ 40 ten days later: ₹4,500. As a covered-call yield on the
    // scan's spot: 60 / 25,000 = 0.24% in 10 days, × 365 / 10 = 8.76% a year.
    expect(report.rows).toEqual([
      expect.objectContaining({
        tradeId: 1,
        runId: 8,
        scanAnnualizedYieldPct: 21.5,
        scanAnnualizedReturnOnMarginPct: null,
        realizedPnl: 4500,
      }),
    ]);
    expect(report.rows[0]?.realizedAnnualizedYieldPct).toBeCloseTo(8.76, 10);
    expect(report.aggregate).toEqual({
      trades: 1,
      closed: 1,
      meanScanAnnualizedYieldPct: 21.5,
      meanRealizedAnnualizedYieldPct: report.rows[0]?.realizedAnnualizedYieldPct,
      realizedPnl: 4500,
    });
  });

  it('leaves out sales no earlier scan listed, and shows open ones as open', () => {
    const trades = [trade(1, 'SELL', 100, '2026-01-05T04:00:00.000Z')];
    const ledger = buildLedger(trades, { settlements: new Map(), expiredThrough: '2026-01-20' });
    expect(
      suggestedVsRealized(trades, ledger, [scan(9, '2026-01-06T05:00:00.000Z', 30)], {}).rows,
    ).toEqual([]);
    const open = suggestedVsRealized(trades, ledger, [scan(8, '2026-01-05T03:00:00.000Z', 20)], {});
    expect(open.rows[0]).toMatchObject({ realizedPnl: null, realizedAnnualizedYieldPct: null });
    expect(open.aggregate).toMatchObject({
      trades: 1,
      closed: 0,
      meanRealizedAnnualizedYieldPct: null,
    });
  });
});
