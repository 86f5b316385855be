import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAgentWrite } from '../../src-main/storage/agent-writes';
import { migrate } from '../../src-main/storage/migrate';
import { MIGRATIONS } from '../../src-main/storage/migrations';
import {
  bindRow,
  createResultTexts,
  INSERT_RESULT_SQL,
  paiseValue,
} from '../../src-main/storage/results-insert';
import type { ResultRow } from '../../src-main/storage/result-row';
import { daysToExpiry } from '../../src-main/scan/scan-plan';
import { PROFILE_ID_SETTING } from '../../src-main/storage/restore-rows';
import { openWritable } from '../../src-main/storage/sqlite';
import { makeResultRows, seededRandom } from '../support/result-fixtures';
import { ALICE, addCompletedRun, openTestStorage, userError } from './support/storage-harness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'premia-m006-'));
  dirs.push(dir);
  return join(dir, 'premia.db');
}

function tempDb(): Database.Database {
  return new Database(tempPath());
}

/** A backup file as Premia writes it, at schema `version`, holding fill005's rows. */
function backupAt(version: number): { path: string; rows: unknown[] } {
  const path = tempPath();
  const db = openWritable(path, { busyTimeoutMs: 0 });
  try {
    migrate(db, MIGRATIONS.slice(0, 5));
    fill005(db);
    db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run(
      PROFILE_ID_SETTING,
      JSON.stringify(ALICE),
    );
    migrate(db, MIGRATIONS.slice(0, version));
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { path, rows: db.prepare('SELECT * FROM results ORDER BY id').all() };
  } finally {
    db.close();
  }
}

function readResults(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM results ORDER BY id').all();
  } finally {
    db.close();
  }
}

/**
 * Chain values and prices of rows as a 005 database holds them: chains that differ in one value
 * only (spot, lot size, a NULL forward), the same chain in two runs, expiries SQLite and
 * JavaScript read differently or not at all, prices that are whole paise and prices that are
 * not (1/3, 0.1 + 0.2, 1e-9, 2^53, 1e20, negative).
 */
const CHAINS = [
  ['TCS', 'NFO', '2026-01-27', 175, 4000.05, 4010.1, 0],
  ['TCS', 'NFO', '2026-01-27', 175, 4000.1, 4010.1, 0],
  ['TCS', 'NFO', '2026-01-27', 150, 4000.05, 4010.1, 0],
  ['TCS', 'NFO', '2026-01-27', 175, 4000.05, null, null],
  ['INFY', 'BFO', '2026-02-24', 400, 1500, 1501.7, 1],
  ['INFY', 'BFO', '2026-02-30', 400, 1500, 1501.7, 1],
  ['INFY', 'BFO', 'weekly', 400, 1500, 1501.7, 1],
] as const;
const PRICES = [123.45, 1 / 3, 0.1 + 0.2, 1e-9, 2 ** 53, 1e20, -2.5, 0, 349, 0.05, null];
const DAY_MS = 86_400_000;

/**
 * A row's quote time as 005 stores it and its days to expiry: counted from that quote time as
 * the scan does (scan-plan.ts), or some other number, or with a text or no quote time.
 */
function timeAndDays(expiry: string, strike: number): [bigint | string | null, number] {
  const quoteMs = Date.UTC(2026, 0, 5, 4, 0, 0, 123) + strike * 1_001;
  const close = Date.parse(`${expiry}T10:00:00Z`);
  // 005 stores a canonical quote time as an integer: a bigint binds as one.
  const stored = BigInt(quoteMs);
  if (strike === 0) return [stored, Number.isFinite(close) ? (close - quoteMs) / DAY_MS : 7.5];
  if (strike === 1) return [stored, 22.25];
  return strike === 2 ? ['2026-01-05T09:15:00', 1 / 3] : [null, 22.5];
}

function fill005(db: Database.Database): void {
  const runs = [addCompletedRun(db), addCompletedRun(db)];
  const insert = db.prepare(`INSERT INTO result_rows (run_id, underlying, tradingsymbol,
      instrument_token, exchange, option_type, strike, expiry, lot_size, days_to_expiry, spot,
      bid, ask, last_price, premium, premium_source, volume, oi, otm_pct, breakeven,
      premium_per_lot, passes_filters, forward, forward_source, extrinsic, naked_breakeven,
      quote_time)
    VALUES (?, ?, ?, ?, ?, ?, 4200.5, ?, ?, ?, ?, ?, ?, ?, ?, 0, 10, 500, 5.01, ?, ?, ?, ?, ?, ?,
      ?, ?)`);
  let index = 0;
  for (const runId of runs) {
    for (const [underlying, exchange, expiry, lot, spot, forward, source] of CHAINS) {
      for (let strike = 0; strike < 4; strike += 1) {
        const price = (offset: number): number | null =>
          PRICES[(index + offset) % PRICES.length] ?? null;
        const [quoteTime, days] = timeAndDays(expiry, strike);
        insert.run(
          runId,
          underlying,
          `${underlying}${index}`,
          1000 + index,
          exchange,
          index % 2,
          expiry,
          lot,
          days,
          spot,
          price(0),
          price(1),
          price(2),
          price(3),
          price(4),
          price(5),
          index % 2,
          forward,
          source,
          price(6),
          price(7),
          quoteTime,
        );
        index += 1;
      }
    }
  }
}

/** A quote time through the trading day and the days to expiry the scan counts from it. */
function quotedAt(expiry: string, index: number): { quoteTime: string; daysToExpiry: number } {
  const at = new Date(Date.UTC(2025, 0, 10, 3, 45) + index * 7_919 + (index % 1_000));
  return { quoteTime: at.toISOString(), daysToExpiry: daysToExpiry(expiry, at) };
}

/** The results screen's totals (run_facets) are exactly the counts of the stored rows. */
function expectFacetsCountedFromRows(databasePath: string): void {
  const db = new Database(databasePath, { readonly: true });
  try {
    const tally = db
      .prepare(
        'SELECT run_id, underlying, option_type, passes_filters, rows FROM run_facets ORDER BY 1, 2, 3, 4',
      )
      .all();
    const counted = db
      .prepare(
        `SELECT run_id, underlying, option_type, passes_filters, count(*) AS rows FROM results
         GROUP BY run_id, underlying, option_type, passes_filters ORDER BY 1, 2, 3, 4`,
      )
      .all();
    expect(counted.length).toBeGreaterThan(0);
    expect(tally).toEqual(counted);
  } finally {
    db.close();
  }
}

describe('migration 006 (chains and paise)', () => {
  it('converts a 005 database so that results returns every row exactly as before', () => {
    const db = tempDb();
    try {
      migrate(db, MIGRATIONS.slice(0, 5));
      fill005(db);
      const before = db.prepare('SELECT * FROM results ORDER BY id').all();
      migrate(db);
      const after = db.prepare('SELECT * FROM results ORDER BY id').all();
      // toEqual compares numbers with Object.is: the very same doubles, not just close ones.
      expect(after).toEqual(before);
      expect(after).toHaveLength(CHAINS.length * 4 * 2);
      // Each run's seven distinct chains once; none shared across runs.
      expect(db.prepare('SELECT count(*) FROM result_chains').pluck().get()).toBe(14);
      // Days counted from the quote time as the scan counts them are not stored.
      const derived = db
        .prepare('SELECT count(*) FROM result_rows WHERE days_to_expiry IS NULL')
        .pluck()
        .get();
      // The first strike of every chain with a date for an expiry (2026-02-30 included: the
      // migration keeps NULL only where SQLite's own derivation gives the very same double).
      expect(derived).toBe(6 * 2);
      const kinds = db
        .prepare('SELECT typeof(bid) AS kind, count(*) AS n FROM result_rows GROUP BY 1 ORDER BY 1')
        .all();
      expect(kinds).toEqual([
        { kind: 'integer', n: expect.any(Number) as number },
        { kind: 'null', n: expect.any(Number) as number },
        { kind: 'real', n: expect.any(Number) as number },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('stores a price as paise only when dividing back gives the same double', () => {
    expect(paiseValue(123.45)).toBe(12345n);
    expect(paiseValue(0.05)).toBe(5n);
    expect(paiseValue(349)).toBe(34900n);
    expect(paiseValue(1 / 3)).toBe(1 / 3);
    expect(paiseValue(0.1 + 0.2)).toBe(0.1 + 0.2);
    expect(paiseValue(-0)).toBe(-0);
    expect(paiseValue(1e20)).toBe(1e20);
  });

  it('refuses a row without days to expiry, as the NOT NULL column did', () => {
    const db = tempDb();
    try {
      migrate(db);
      const [row] = makeResultRows(0, 1);
      if (row === undefined) throw new Error('no fixture row');
      const args: unknown[] = [];
      const texts = createResultTexts(db);
      expect(() =>
        bindRow(args, addCompletedRun(db), { ...row, daysToExpiry: Number.NaN }, texts),
      ).toThrow(/without days to expiry/);
    } finally {
      db.close();
    }
  });

  it('writes rows through the writer path and reads back the very values written', () => {
    const db = tempDb();
    try {
      migrate(db);
      const runId = addCompletedRun(db);
      const insert = db.prepare(INSERT_RESULT_SQL);
      const texts = createResultTexts(db);
      const args: unknown[] = [];
      const random = seededRandom(6);
      const written: ResultRow[] = makeResultRows(0, 2_000).map((row, index) => {
        // Half the prices on the 5-paise tick, half arbitrary doubles; chains change mid-way.
        const price = (): number =>
          index % 2 === 0 ? Math.round(random() * 100_000) / 20 : random() * 5_000;
        return {
          ...row,
          bid: price(),
          ask: price(),
          lastPrice: price(),
          breakeven: price(),
          nakedBreakeven: price(),
          extrinsic: price(),
          premiumPerLot: price(),
          spot: index < 1_000 ? row.spot : row.spot + 0.05,
          // Even rows: days counted from the quote's own time by the scan's function.
          ...(index % 2 === 0 ? quotedAt(row.expiry, index) : {}),
        };
      });
      db.exec('BEGIN');
      for (const row of written) {
        bindRow(args, runId, row, texts);
        insert.run(args);
      }
      db.exec('COMMIT');
      const read = db
        .prepare(
          `SELECT underlying, spot, days_to_expiry AS daysToExpiry, quote_time AS quoteTime, bid, ask, last_price AS lastPrice, breakeven,
             naked_breakeven AS nakedBreakeven, extrinsic, premium_per_lot AS premiumPerLot
           FROM results ORDER BY id`,
        )
        .all();
      expect(read).toEqual(
        written.map((row) => ({
          underlying: row.underlying,
          spot: row.spot,
          daysToExpiry: row.daysToExpiry,
          quoteTime: row.quoteTime,
          bid: row.bid,
          ask: row.ask,
          lastPrice: row.lastPrice,
          breakeven: row.breakeven,
          nakedBreakeven: row.nakedBreakeven,
          extrinsic: row.extrinsic,
          premiumPerLot: row.premiumPerLot,
        })),
      );
      const derived = db
        .prepare('SELECT count(*) FROM result_rows WHERE days_to_expiry IS NULL')
        .pluck()
        .get();
      expect(derived).toBe(1_000);
      const chains = db.prepare('SELECT count(*) FROM result_chains').pluck().get() as number;
      // One chain per distinct tuple of the six chain values, exactly.
      const tuples = new Set(
        written.map((row) =>
          JSON.stringify([
            row.exchange,
            row.expiry,
            row.lotSize,
            row.spot,
            row.forward,
            row.forwardSource,
          ]),
        ),
      );
      expect(chains).toBe(tuples.size);
    } finally {
      db.close();
    }
  });

  it('restores backups taken before and after 006 with every row as it was', async () => {
    const opened = await openTestStorage();
    try {
      const { storage } = opened;
      await storage.listRuns(ALICE);
      for (const version of [5, 6]) {
        const backup = backupAt(version);
        await storage.restore(ALICE, backup.path);
        expect(readResults(storage.paths(ALICE).database)).toEqual(backup.rows);
        // Made by migration 007 from the restored rows (restore does not count them again).
        expectFacetsCountedFromRows(storage.paths(ALICE).database);
      }
      // A row whose chain is missing would lose its expiry and spot: such a file is refused.
      const doctored = backupAt(6);
      const db = new Database(doctored.path);
      db.exec('DELETE FROM result_chains WHERE id = (SELECT min(id) FROM result_chains)');
      db.close();
      const refused = await userError(storage.restore(ALICE, doctored.path));
      expect(refused.message).toMatch(/is damaged, so nothing was restored/);
      // And one with text where a price belongs.
      const texted = backupAt(6);
      const edit = new Database(texted.path);
      edit.exec("UPDATE result_rows SET ask = 'call me' WHERE id = 2");
      edit.close();
      const textRefused = await userError(storage.restore(ALICE, texted.path));
      expect(textRefused.message).toMatch(/is damaged, so nothing was restored/);
      expect(readResults(storage.paths(ALICE).database)).toHaveLength(CHAINS.length * 8);
    } finally {
      await opened.cleanup();
    }
  });

  it("counts a restored backup's facets from its rows, not from the file's tally", async () => {
    const opened = await openTestStorage();
    try {
      const { storage } = opened;
      await storage.listRuns(ALICE);
      const backup = backupAt(7);
      const edit = new Database(backup.path);
      // A tally that disagrees with the rows: the results screen's totals come from it.
      edit.exec('UPDATE run_facets SET rows = rows + 1000');
      edit.close();
      await storage.restore(ALICE, backup.path);
      expectFacetsCountedFromRows(storage.paths(ALICE).database);
    } finally {
      await opened.cleanup();
    }
  });

  it("drops an agent scan's chains once none of their rows is kept", () => {
    const db = tempDb();
    try {
      migrate(db);
      db.exec(`INSERT INTO agents (id, name, definition_json, created_at, updated_at)
          VALUES (1, 'Weekly puts', '{}', '2026-01-05', '2026-01-05');
        INSERT INTO agent_runs (id, agent_id, trigger, status, started_at)
          VALUES (1, 1, 'schedule', 'running', '2026-01-05T04:00:00.000Z')`);
      const runId = addCompletedRun(db);
      db.prepare(
        "INSERT INTO agent_run_scans (run_id, agent_run_id, purpose) VALUES (?, 1, 'scan')",
      ).run(runId);
      // Two chains: NIFTY's rows pass the agent's filters, TCS's do not.
      const rows = makeResultRows(0, 20).map((row, index) => ({
        ...row,
        underlying: index < 10 ? 'NIFTY' : 'TCS',
        spot: index < 10 ? 24_000 : 4_000,
        lotSize: 75,
        daysToExpiry: 3.5,
        forward: null,
        forwardSource: null,
        passesFilters: index < 10,
      }));
      const insert = db.prepare(INSERT_RESULT_SQL);
      const texts = createResultTexts(db);
      const args: unknown[] = [];
      for (const row of rows) {
        bindRow(args, runId, row, texts);
        insert.run(args);
      }
      expect(db.prepare('SELECT count(*) FROM result_chains').pluck().get()).toBe(2);
      const outcome = applyAgentWrite(db, {
        kind: 'finishRun',
        outcome: {
          agentId: 1,
          agentRunId: 1,
          at: '2026-01-05T04:01:00.000Z',
          status: 'completed',
          detail: null,
          optionsPassing: 10,
          matches: [],
          carriedKeys: [],
          snapshot: null,
          keepSymbols: [],
          keepDetailedRuns: 3,
          keepSummaries: 100,
        },
      });
      expect(outcome).toMatchObject({ kind: 'finished', rowsDropped: 10 });
      expect(db.prepare('SELECT spot FROM result_chains').pluck().all()).toEqual([24_000]);
      const kept = db.prepare('SELECT DISTINCT underlying, spot, lot_size FROM results').all();
      expect(kept).toEqual([{ underlying: 'NIFTY', spot: 24_000, lot_size: 75 }]);
    } finally {
      db.close();
    }
  });
});
