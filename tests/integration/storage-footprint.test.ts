import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FORWARD_SOURCES,
  OPTION_TYPES,
  PREMIUM_SOURCES,
  RESULT_SORT_COLUMNS,
} from '../../src-preload/contract/records/result-columns';
import { migrate } from '../../src-main/storage/migrate';
import { MIGRATIONS } from '../../src-main/storage/migrations';
import {
  FROZEN_FORWARD_SOURCES,
  FROZEN_OPTION_TYPES,
  FROZEN_PREMIUM_SOURCES,
} from '../../src-main/storage/migrations/005_footprint';
import { ProfileReader } from '../../src-main/storage/reader';
import {
  bindRow,
  createResultTexts,
  INSERT_RESULT_SQL,
} from '../../src-main/storage/results-insert';
import type { ResultRow } from '../../src-main/storage/result-row';
import { makeResultRows } from '../support/result-fixtures';
import { addCompletedRun } from './support/storage-harness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(name: string): { db: Database.Database; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'premia-m005-'));
  dirs.push(dir);
  const path = join(dir, `${name}.db`);
  return { db: new Database(path), path };
}

/** Rows as a version-3 database held them: text enums and texts on every row. */
const OLD_ROWS = [
  ['CE', 'bid', 'future', 'not in the top 3 by annualizedRomPct', '2026-01-05T04:00:00.000Z', 1],
  ['PE', 'mid', 'carry', 'not in the top 3 by annualizedRomPct', '2026-01-05T09:15:00', 0],
  ['PE', 'none', null, 'no bid, offer or trade to price it', null, null],
  ['CE', 'close', 'future', null, '2026-01-05T04:00:00.123Z', 0],
  ['CE', 'last', null, '|delta| 0.31 above the maximum 0.30', '2026-01-05 09:15:00+05:30', 1],
] as const;

describe('migration 005 (compact result rows)', () => {
  it('reads back every stored value of an older database exactly as before', () => {
    const { db } = tempDb('old');
    try {
      migrate(db, MIGRATIONS.slice(0, 3));
      const runId = addCompletedRun(db);
      const insert = db.prepare(`INSERT INTO results (run_id, underlying, tradingsymbol,
          instrument_token, exchange, option_type, strike, expiry, lot_size, days_to_expiry, spot,
          premium_source, volume, oi, otm_pct, passes_filters, filter_reason, quote_time,
          forward_source, stale, annualized_yield_pct)
        VALUES (?, 'TCS', ?, ?, 'NFO', ?, 4200.5, '2026-01-27', 175, 22.25, 4000, ?, 10, 500, 5.01,
          ?, ?, ?, ?, ?, ?)`);
      OLD_ROWS.forEach(([type, source, forward, reason, time, stale], index) => {
        insert.run(
          runId,
          `TCS${index}`,
          100 + index,
          type,
          source,
          index % 2,
          reason,
          time,
          forward,
          stale,
          index === 2 ? null : index * 1.1,
        );
      });
      const before = db.prepare('SELECT * FROM results ORDER BY id').all();
      migrate(db);
      expect(db.prepare('SELECT * FROM results ORDER BY id').all()).toEqual(before);
      // Stored compactly: codes, an interned reason, epoch milliseconds for canonical times.
      expect(
        db
          .prepare(
            'SELECT option_type, premium_source, typeof(quote_time) AS t FROM result_rows ORDER BY id',
          )
          .all(),
      ).toEqual([
        { option_type: 0, premium_source: 0, t: 'integer' },
        { option_type: 1, premium_source: 1, t: 'text' },
        { option_type: 1, premium_source: 4, t: 'null' },
        { option_type: 0, premium_source: 3, t: 'integer' },
        { option_type: 0, premium_source: 2, t: 'text' },
      ]);
      expect(db.prepare('SELECT count(*) FROM result_texts').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });

  it('codes enums in the order the contract declares them', () => {
    expect(OPTION_TYPES).toEqual(FROZEN_OPTION_TYPES);
    expect(PREMIUM_SOURCES).toEqual(FROZEN_PREMIUM_SOURCES);
    expect(FORWARD_SOURCES).toEqual(FROZEN_FORWARD_SOURCES);
  });

  it('writes quote times compactly and reads back the very text written', () => {
    const { db } = tempDb('times');
    try {
      migrate(db);
      const runId = addCompletedRun(db);
      const insert = db.prepare(INSERT_RESULT_SQL);
      const texts = createResultTexts(db);
      const args: unknown[] = [];
      // Every millisecond phase and a spread of instants from 2001 to 2099 (a fixed LCG).
      const times = ['2026-01-05 09:15:00', '2026-01-05T09:15:00+05:30', 'not a time'];
      let seed = 12345;
      for (let index = 0; index < 3_000; index += 1) {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const ms = Date.UTC(2001, 0, 1) + (seed / 2 ** 31) * 3.1e12 + (index % 1000);
        times.push(new Date(Math.floor(ms)).toISOString());
      }
      const [template] = makeResultRows(0, 1);
      if (template === undefined) throw new Error('no fixture row');
      db.exec('BEGIN');
      for (const quoteTime of times) {
        bindRow(args, runId, { ...template, quoteTime } as ResultRow, texts);
        insert.run(args);
      }
      db.exec('COMMIT');
      const read = db.prepare('SELECT quote_time FROM results ORDER BY id').pluck().all();
      expect(read).toEqual(times);
      const integers = db
        .prepare("SELECT count(*) FROM result_rows WHERE typeof(quote_time) = 'integer'")
        .pluck()
        .get();
      expect(integers).toBe(3_000);
    } finally {
      db.close();
    }
  });

  it('refuses an enum value the declaration does not list', () => {
    const { db } = tempDb('enum');
    try {
      migrate(db);
      const runId = addCompletedRun(db);
      const [template] = makeResultRows(0, 1);
      if (template === undefined) throw new Error('no fixture row');
      const args: unknown[] = [];
      bindRow(
        args,
        runId,
        { ...template, optionType: 'XX' } as unknown as ResultRow,
        createResultTexts(db),
      );
      expect(() => db.prepare(INSERT_RESULT_SQL).run(args)).toThrow(/NOT NULL/);
    } finally {
      db.close();
    }
  });

  it("answers the results screen's queries from indexes (plans printed)", () => {
    const { db, path } = tempDb('plans');
    let runId = 0;
    try {
      migrate(db);
      runId = addCompletedRun(db);
      const insert = db.prepare(INSERT_RESULT_SQL);
      const texts = createResultTexts(db);
      const args: unknown[] = [];
      // A profile keeps many runs: eight of 500 rows, the plans asked for the last one.
      db.exec('BEGIN');
      for (let run = 0; run < 8; run += 1) {
        runId = run === 0 ? runId : addCompletedRun(db);
        for (const row of makeResultRows(run * 500, 500)) {
          bindRow(args, runId, row, texts);
          insert.run(args);
        }
      }
      db.exec('COMMIT; ANALYZE');
    } finally {
      db.close();
    }
    const reader = ProfileReader.open(path, 1_000);
    try {
      const filters = [
        { label: 'passing rows', filter: { passesFilters: true } },
        { label: 'all rows', filter: {} },
        { label: 'one underlying', filter: { passesFilters: true, underlyings: ['NIFTY'] } },
        {
          label: 'calls, yield chip',
          filter: {
            passesFilters: true,
            optionType: 'CE' as const,
            ranges: [{ column: 'annualizedYieldPct' as const, min: 20 }],
          },
        },
      ];
      const plans: string[] = [];
      for (const column of RESULT_SORT_COLUMNS) {
        for (const { label, filter } of filters) {
          const plan = reader
            .explainResults({ runId, sort: { column, direction: 'desc' }, filter })
            .join(' | ');
          plans.push(`${column} desc, ${label}: ${plan}`);
          // Never a walk of the whole table: the run's rows always come from an index, or from
          // the run's own span of row ids.
          expect(plan, `${column}, ${label}`).not.toMatch(/SCAN result_rows/);
          if (label !== 'all rows') {
            expect(plan, `${column}, ${label}`).toMatch(
              /SEARCH result_rows USING (COVERING )?INDEX result_rows_/,
            );
          } else if (column === 'annualizedRomPct') {
            // "Show filtered-out rows" at the default sort: the passing rows' index (005) and
            // the failing rows' one (008), each walked in order and merged; no sort of the run.
            expect(plan).toMatch(
              /MERGE \(UNION ALL\) \| LEFT \| SEARCH result_rows USING COVERING INDEX result_rows_run_pass_annualized_rom_pct \(run_id=\? AND annualized_rom_pct>\?\) \| RIGHT \| SEARCH result_rows USING COVERING INDEX result_rows_run_fail_annualized_rom_pct \(run_id=\? AND annualized_rom_pct>\?\)/,
            );
          } else {
            // Any other sort of every row: the run's rows in rowid order, sorting only
            // (value, id) pairs, then the page's rows by id.
            expect(plan).toMatch(
              /^SEARCH result_rows USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| CO-ROUTINE \(subquery-\d+\) \| SEARCH result_rows USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/,
            );
          }
        }
      }
      // The rows without a sort value follow in the run's rowid order, never sorted.
      const tail = reader
        .explainResults({ runId, sort: { column: 'annualizedRomPct', direction: 'desc' } }, 'n')
        .join(' | ');
      plans.push(`annualizedRomPct desc, all rows, NULL tail: ${tail}`);
      expect(tail).toMatch(
        /^SEARCH result_rows USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| CO-ROUTINE \(subquery-\d+\) \| SEARCH result_rows USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)( \||$)/,
      );
      expect(tail.split('| SCAN (subquery')[0]).not.toMatch(/TEMP B-TREE/);
      console.log(`query plans of the results screen:\n  ${plans.join('\n  ')}`);
    } finally {
      reader.close();
    }
  });

  it('answers the lookups by underlying and by symbol from indexes (plans printed)', () => {
    const { db } = tempDb('lookups');
    try {
      migrate(db);
      const insert = db.prepare(INSERT_RESULT_SQL);
      const texts = createResultTexts(db);
      const args: unknown[] = [];
      db.exec('BEGIN');
      for (let run = 0; run < 8; run += 1) {
        const runId = addCompletedRun(db);
        for (const row of makeResultRows(run * 500, 500)) {
          bindRow(args, runId, row, texts);
          insert.run(args);
        }
      }
      db.exec('COMMIT'); // no ANALYZE: the app never runs it, so plans must not need statistics
      // The statements as reader.ts, run-comparison.ts, journal-store.ts and agent-store.ts
      // write them, each with the index it must use.
      const lookups: [string, string, RegExp][] = [
        [
          'run count',
          'SELECT count(*) FROM results WHERE run_id = 8',
          /COVERING INDEX result_rows_run_underlying \(run_id=\?\)$/,
        ],
        [
          'export chunk',
          "SELECT * FROM results WHERE run_id = 8 AND (underlying, id) > ('NIFTY', 3) ORDER BY underlying, id LIMIT 500",
          /^SEARCH result_rows USING INDEX result_rows_run_underlying \(run_id=\? AND underlying>\?\)/,
        ],
        [
          'expected move',
          "SELECT strike, forward, expected_move FROM results WHERE run_id = 8 AND underlying = 'NIFTY' AND forward > 0 AND expected_move > 0 ORDER BY abs(strike - forward), option_type LIMIT 2",
          /^SEARCH result_rows USING INDEX result_rows_run_underlying \(run_id=\? AND underlying=\?\)/,
        ],
        [
          'run underlyings',
          'SELECT DISTINCT underlying FROM results WHERE run_id = 8 ORDER BY underlying',
          /^SEARCH result_rows USING COVERING INDEX result_rows_run_underlying \(run_id=\?\)$/,
        ],
        [
          'run expiry',
          "SELECT expiry FROM results WHERE run_id = 8 AND underlying = 'NIFTY' LIMIT 1",
          /^SEARCH result_rows USING INDEX result_rows_run_underlying \(run_id=\? AND underlying=\?\)/,
        ],
        [
          'compare expiry',
          "SELECT MIN(expiry) AS expiry FROM results WHERE run_id = 8 AND underlying = 'NIFTY'",
          /^SEARCH result_rows USING INDEX result_rows_run_underlying \(run_id=\? AND underlying=\?\)/,
        ],
        [
          'journal mark',
          "SELECT r.exchange, r.tradingsymbol, r.last_price AS price, coalesce(r.quote_time, u.started_at) AS at FROM results r JOIN runs u ON u.id = r.run_id WHERE r.tradingsymbol = 'NIFTYR7CE' AND r.last_price IS NOT NULL AND u.status != 'running' ORDER BY u.started_at DESC LIMIT 1",
          /^SEARCH result_rows USING INDEX result_rows_tradingsymbol \(tradingsymbol=\?\)/,
        ],
        [
          'journal suggestions',
          "SELECT r.run_id, u.started_at, r.premium, r.spot FROM results r JOIN runs u ON u.id = r.run_id WHERE r.tradingsymbol = 'NIFTYR7CE' AND u.status != 'running' ORDER BY u.started_at",
          /^SEARCH result_rows USING INDEX result_rows_tradingsymbol \(tradingsymbol=\?\)/,
        ],
        [
          'journal close',
          "SELECT r.spot FROM results r JOIN runs u ON u.id = r.run_id WHERE r.underlying = 'NIFTY' AND u.status != 'running' AND u.started_at >= '2026-01-05' AND u.started_at < '2026-01-09' ORDER BY u.started_at LIMIT 1",
          /SEARCH result_rows USING INDEX result_rows_run_underlying \(run_id=\? AND underlying=\?\)/,
        ],
        [
          'sold options in scans',
          "SELECT DISTINCT t.exchange, t.tradingsymbol FROM trades t WHERE t.side = 'SELL' AND t.kind IN ('CE', 'PE') AND EXISTS (SELECT 1 FROM results r JOIN runs u ON u.id = r.run_id WHERE r.tradingsymbol = t.tradingsymbol AND u.status != 'running')",
          /SEARCH result_rows USING INDEX result_rows_tradingsymbol \(tradingsymbol=\?\)/,
        ],
      ];
      const plans: string[] = [];
      for (const [label, sql, expected] of lookups) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((step) => step.detail)
          .join(' | ');
        plans.push(`${label}: ${plan}`);
        expect(plan, label).toMatch(expected);
        // A chain value costs one primary-key probe per row read, never a walk of the chains.
        expect(plan, label).not.toMatch(/SCAN (result_rows|result_chains|c)\b/);
      }
      console.log(`query plans of the lookups:\n  ${plans.join('\n  ')}`);
    } finally {
      db.close();
    }
  });
});
