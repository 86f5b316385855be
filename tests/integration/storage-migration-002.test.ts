import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/storage/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src-main/storage/migrations';
import { runFromDb, type RunDbRow } from '../../src-main/storage/records';
import { resultFromDb } from '../../src-main/storage/results-query';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migration 002 (seller metrics) on a database written before it', () => {
  it('keeps every old row and run, with NULL where the new numbers were never computed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'premia-m002-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'profile.db'));
    try {
      migrate(db, MIGRATIONS.slice(0, 1));
      db.exec(`INSERT INTO runs (id, status, started_at, source, symbols_json, expiry, filters_json)
        VALUES (1, 'completed', '2026-01-05T04:00:00.000Z', 'kite', '["TCS"]', 'nearest', '{}')`);
      db.exec(`INSERT INTO results (run_id, underlying, tradingsymbol, instrument_token, exchange,
          option_type, strike, expiry, lot_size, days_to_expiry, spot, bid, ask, last_price,
          premium, premium_source, volume, oi, otm_pct, yield_pct, annualized_yield_pct, breakeven,
          premium_per_lot, spread_pct, iv, delta, passes_filters, filter_reason, quote_time)
        VALUES (1, 'TCS', 'TCS26JAN4200CE', 123, 'NFO', 'CE', 4200, '2026-01-27', 175, 22, 4000,
          30, 31, 30.5, 30.5, 'mid', 1000, 50000, 5, 0.7625, 12.65, 3969.5, 5337.5, 3.28, 18.2,
          0.21, 1, NULL, '2026-01-05T04:00:00.000Z')`);
      // 002 and every step after it (003, the journal) run on the old database.
      expect(migrate(db)).toEqual({ from: 1, to: LATEST_SCHEMA_VERSION });
      const row = resultFromDb(
        db.prepare('SELECT * FROM results').get() as Record<string, unknown>,
      );
      expect(row).toMatchObject({
        tradingsymbol: 'TCS26JAN4200CE',
        premium: 30.5,
        premiumSource: 'mid',
        passesFilters: true,
        forward: null,
        forwardSource: null,
        stale: null,
        marginPerLot: null,
        annualizedRomPct: null,
        probOtmPct: null,
      });
      const run = runFromDb(db.prepare('SELECT * FROM runs').get() as RunDbRow);
      expect(run).toMatchObject({ id: 1, expiries: {}, model: {} });
      // The widened premium source accepts the bid basis (code 0 since migration 005, read back
      // as 'bid'); a code outside the five sources is refused.
      expect(() => db.exec(`UPDATE result_rows SET premium_source = 0, stale = 0`)).not.toThrow();
      expect(db.prepare('SELECT premium_source FROM results').pluck().get()).toBe('bid');
      expect(() => db.exec(`UPDATE result_rows SET premium_source = 5`)).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
