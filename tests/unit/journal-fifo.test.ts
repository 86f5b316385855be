import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ChargeableTrade,
  estimateCharges,
  DEFAULT_CHARGE_TABLE,
  type ChargeRates,
} from '../../src-main/journal/charges';
import { buildLedger, type LedgerTrade } from '../../src-main/journal/fifo';
import { dailyPnl, journalStats, realizedByTrade } from '../../src-main/journal/stats';
import { parseTradebookCsv } from '../../src-main/journal/tradebook';
import { tradeRecords } from '../../src-main/storage/trade-columns';

const FIXTURES = join(import.meta.dirname, '../fixtures/journal');

/** Both F&O files of the fixture account, in time order, as stored rows would be. */
function fixtureTrades(): (LedgerTrade & ChargeableTrade)[] {
  const files = ['tradebook-ZR1234-FO.csv', 'tradebook-ZR1234-FO (1).csv'];
  const seen = new Set<string>();
  const trades = files
    .flatMap((name) =>
      tradeRecords(parseTradebookCsv(name, readFileSync(join(FIXTURES, name), 'utf8')).trades),
    )
    .filter((t) => !seen.has(t.tradeId) && seen.add(t.tradeId) !== undefined)
    .sort((a, b) => a.tradedAt.localeCompare(b.tradedAt) || a.tradeId.localeCompare(b.tradeId));
  return trades.map((t) => ({ ...t, id: Number(t.tradeId), tag: null }));
}

// Hand-worked (see the table in each test): NIFTY 26000 CE sold 75 @ 100 and 75 @ 102 (one order,
// two fills), bought back 100 @ 60 (closes 75 @ 100 and 25 @ 102), bought 125 @ 30 (closes the last
// 50 @ 102 and opens 75 long — the fill crosses zero), sold 75 @ 45 (closes the long).
describe('FIFO matching', () => {
  it('matches partial fills, flips long and short, and books a same-day round trip', () => {
    const ledger = buildLedger(fixtureTrades(), {
      settlements: new Map(),
      expiredThrough: '2026-01-12',
    });
    const realized = realizedByTrade(ledger.closures);
    expect(realized.get(1003)).toBeCloseTo(75 * (100 - 60) + 25 * (102 - 60), 6); // 4050
    expect(realized.get(1004)).toBeCloseTo(50 * (102 - 30), 6); // 3600, then 75 long @ 30
    expect(realized.get(1005)).toBeCloseTo(75 * (45 - 30), 6); // 1125 on the long
    expect(realized.get(1007)).toBeCloseTo(30 * (180 - 200), 6); // -600, bought and sold on 01-06
    const flip = ledger.closures.filter((c) => c.openTradeId === 1004);
    expect(flip).toEqual([
      expect.objectContaining({ direction: 'long', quantity: 75, openPrice: 30 }),
    ]);
    // Nothing of the 26000 CE is left open; the two NIFTY 13 Jan options are not expired yet.
    expect(
      ledger.positions.map((p) => [p.tradingsymbol, p.quantity, p.awaitingSettlement]),
    ).toEqual([
      ['NIFTY2611325500PE', -75, false],
      ['NIFTY2611326500CE', -75, false],
    ]);
  });

  it('waits for a settlement price after expiry, then settles at intrinsic value', () => {
    const trades = fixtureTrades();
    const waiting = buildLedger(trades, { settlements: new Map(), expiredThrough: '2026-01-13' });
    expect(
      waiting.positions.filter((p) => p.awaitingSettlement).map((p) => p.tradingsymbol),
    ).toEqual(['NIFTY2611325500PE', 'NIFTY2611326500CE']);
    // NIFTY closed at 25,400 on 13 Jan: the 25,500 put is worth 100 (short at 50: -75 × 50), the
    // 26,500 call expires worthless (short at 20: +75 × 20).
    const settled = buildLedger(trades, {
      settlements: new Map([['NIFTY|2026-01-13', 25_400]]),
      expiredThrough: '2026-01-13',
    });
    expect(settled.positions).toEqual([]);
    const atExpiry = settled.closures.filter((c) => c.closeTradeId === null);
    expect(atExpiry.map((c) => [c.tradingsymbol, c.closePrice, c.grossPnl, c.closeDate])).toEqual([
      ['NIFTY2611325500PE', 100, -3750, '2026-01-13'],
      ['NIFTY2611326500CE', 0, 1500, '2026-01-13'],
    ]);
  });

  it('derives daily P&L, win rate, best and worst day and max drawdown', () => {
    const ledger = buildLedger(fixtureTrades(), {
      settlements: new Map([['NIFTY|2026-01-13', 25_400]]),
      expiredThrough: '2026-01-13',
    });
    const zero: ChargeRates[] = [];
    const input = { trades: [], ledger, charges: new Map(), rates: zero };
    expect(dailyPnl(input, {}).map((d) => [d.key, d.netPnl, d.cumulativeNetPnl])).toEqual([
      ['2026-01-06', -600, -600],
      ['2026-01-07', 4050, 3450],
      ['2026-01-08', 3600, 7050],
      ['2026-01-09', 1125, 8175],
      ['2026-01-13', -2250, 5925],
    ]);
    const stats = journalStats(input, {});
    expect(stats.closings).toBe(6); // three buy-backs, one round trip, two settlements
    expect(stats.winRate).toBeCloseTo(4 / 6, 10);
    expect(stats.averageWin).toBeCloseTo((4050 + 3600 + 1125 + 1500) / 4, 10);
    expect(stats.averageLoss).toBeCloseTo((-600 - 3750) / 2, 10);
    expect(stats.bestDay).toEqual({ day: '2026-01-07', netPnl: 4050 });
    expect(stats.worstDay).toEqual({ day: '2026-01-13', netPnl: -2250 });
    expect(stats.maxDrawdown).toBe(8175 - 5925);
    expect(journalStats(input, { from: '2026-01-08', to: '2026-01-09' }).netPnl).toBe(4725);
  });
});

describe('charge estimates (Zerodha rates of 1 Oct 2024, worked by hand)', () => {
  it('charges an option buy and sell of BANKNIFTY 60000 PE', () => {
    const trades = fixtureTrades().filter((t) => t.underlying === 'BANKNIFTY');
    const charges = estimateCharges(
      trades.map((t) => ({ ...t, orderId: String(t.id) })),
      DEFAULT_CHARGE_TABLE,
    );
    // Buy 30 @ 200: turnover 6,000. ₹20 brokerage; exchange 0.03503% = 2.1018; SEBI ₹10/crore =
    // 0.006; stamp 0.003% = 0.18; GST 18% of (20 + 2.1018 + 0.006) = 3.979404.
    expect(charges.get(1006)?.total).toBeCloseTo(20 + 2.1018 + 0.006 + 0.18 + 3.979404, 6);
    // Sell 30 @ 180: turnover 5,400. STT 0.1% = 5.4; exchange 1.89162; SEBI 0.0054; no stamp;
    // GST 18% of (20 + 1.89162 + 0.0054) = 3.9414636.
    expect(charges.get(1007)?.stt).toBeCloseTo(5.4, 9);
    expect(charges.get(1007)?.total).toBeCloseTo(20 + 5.4 + 1.89162 + 0.0054 + 3.9414636, 6);
  });

  it('charges ₹20 once per order, shared by its fills, and uses the rates in force that day', () => {
    const fills = fixtureTrades().filter((t) => t.orderId === '5001');
    const charges = estimateCharges(fills, DEFAULT_CHARGE_TABLE);
    expect(fills.map((t) => charges.get(t.id)?.brokerage)).toEqual([10, 10]);
    const april = estimateCharges(
      fills.slice(0, 1).map((t) => ({ ...t, id: 1, orderId: 'x', tradeDate: '2026-04-01' })),
      DEFAULT_CHARGE_TABLE,
    );
    // From 1 April 2026 options STT is 0.15% of premium: 75 × 100 × 0.15% = 11.25.
    expect(april.get(1)?.stt).toBeCloseTo(11.25, 9);
  });
});
