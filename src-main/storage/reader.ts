import type Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors';
import { columnsFromRows } from '../market/instrument-columns';
import type { InstrumentColumns } from '../market/instruments';
import {
  runFromDb,
  type AuditEntry,
  type InstrumentRow,
  type RunDbRow,
  type RunId,
  type RunSummary,
} from './records';
import { resultFromDb, type ResultQuery, type ResultRecord } from './results-query';
import { ResultPages, type ResultsPage } from './result-pages';
import {
  chartPointsOf,
  expectedMoveOf,
  type ChartData,
  type ChartQuery,
  type ExpectedMove,
} from './result-chart';
import { RUN_TOKEN_SQL } from './run-facets';
import { TokenCache } from './token-cache';
import { compareStrikes, type StrikeComparison } from './run-comparison';
import { openReadOnly, type SqliteDatabase } from './sqlite';

/** Prepared statements kept per connection; queries with many filter shapes stay bounded. */
const STATEMENT_CACHE_SIZE = 64;
/** Expected moves kept per connection: one per (run, underlying) charted. */
const MOVE_CACHE_SIZE = 256;
/** Chart replies kept per connection: one per (strike, side) of a chain, a few chip states each. */
const CHART_CACHE_SIZE = 32;

export type { ChartData, ChartPoint, ChartQuery, ExpectedMove } from './result-chart';

export type { ResultsPage } from './result-pages';

export interface InstrumentFilter {
  readonly exchange?: string;
  /** Underlying names as Kite spells them (NIFTY, RELIANCE, ...). */
  readonly names?: readonly string[];
  readonly instrumentTypes?: readonly string[];
}

interface InstrumentDbRow {
  instrument_token: number;
  exchange_token: number;
  tradingsymbol: string;
  name: string;
  last_price: number;
  expiry: string | null;
  strike: number;
  tick_size: number;
  lot_size: number;
  instrument_type: string;
  segment: string;
  exchange: string;
}

function instrumentFromDb(row: InstrumentDbRow): InstrumentRow {
  return {
    instrumentToken: row.instrument_token,
    exchangeToken: row.exchange_token,
    tradingsymbol: row.tradingsymbol,
    name: row.name,
    lastPrice: row.last_price,
    expiry: row.expiry,
    strike: row.strike,
    tickSize: row.tick_size,
    lotSize: row.lot_size,
    instrumentType: row.instrument_type,
    segment: row.segment,
    exchange: row.exchange,
  };
}

/**
 * Main's read-only connection to one profile database. Never writes (the connection cannot);
 * every query is parameterized and its column names come from whitelists.
 */
export class ProfileReader {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly pages = new ResultPages(
    (sql) => this.statement(sql),
    (runId) => this.runToken(runId),
  );
  private readonly moves = new TokenCache<ExpectedMove | null>(MOVE_CACHE_SIZE);
  private readonly charts = new TokenCache<ReturnType<typeof chartPointsOf>>(CHART_CACHE_SIZE);

  private constructor(private readonly db: SqliteDatabase) {}

  get isOpen(): boolean {
    return this.db.open;
  }

  static open(path: string, busyTimeoutMs: number): ProfileReader {
    return new ProfileReader(openReadOnly(path, busyTimeoutMs));
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  getRun(runId: RunId): RunSummary | undefined {
    const row = this.statement('SELECT * FROM runs WHERE id = ?').get(runId) as
      RunDbRow | undefined;
    return row === undefined ? undefined : runFromDb(row);
  }

  requireRun(runId: RunId): RunSummary {
    const run = this.getRun(runId);
    if (run === undefined) {
      throw new UserFacingError('NOT_FOUND', `Scan ${runId} does not exist in this profile.`);
    }
    return run;
  }

  /** A run whose rows the results screen may show: one that is no longer running. */
  requireFinished(runId: RunId): RunSummary {
    const run = this.requireRun(runId);
    if (run.status === 'running') {
      throw new UserFacingError(
        'CONFLICT',
        `Scan ${runId} is still running. Its results appear when it finishes.`,
      );
    }
    return run;
  }

  /** Both runs' strikes of one underlying, matched (see run-comparison.ts). */
  compareStrikes(beforeRunId: RunId, afterRunId: RunId, underlying: string): StrikeComparison {
    return compareStrikes((sql) => this.statement(sql), beforeRunId, afterRunId, underlying);
  }

  /** Newest first; `before` is the last id of the previous page. */
  listRuns(limit: number, before: number | null): RunSummary[] {
    const rows = this.statement('SELECT * FROM runs WHERE id < ? ORDER BY id DESC LIMIT ?').all(
      before ?? Number.MAX_SAFE_INTEGER,
      limit,
    ) as RunDbRow[];
    return rows.map(runFromDb);
  }

  listAudit(limit: number, before: number | null): AuditEntry[] {
    return this.statement(
      // By time, then id: entries taken in late from the app security log sit where they happened.
      // Paging before an id means before that entry's place in this order.
      `SELECT id, at, action, outcome, detail FROM audit_log
         WHERE @before IS NULL OR (at, id) < (SELECT at, id FROM audit_log WHERE id = @before)
         ORDER BY at DESC, id DESC LIMIT @limit`,
    ).all({ before, limit }) as AuditEntry[];
  }

  settingJson(key: string): string | undefined {
    return this.statement('SELECT value_json FROM settings WHERE key = ?').pluck().get(key) as
      string | undefined;
  }

  instrumentCount(tradingDay: string): number {
    return this.statement('SELECT count(*) FROM instruments WHERE trading_day = ?')
      .pluck()
      .get(tradingDay) as number;
  }

  instruments(tradingDay: string, filter: InstrumentFilter): InstrumentRow[] {
    const conditions = ['trading_day = ?'];
    const params: unknown[] = [tradingDay];
    if (filter.names !== undefined) {
      conditions.push(`name IN (${filter.names.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.names);
    }
    if (filter.exchange !== undefined) {
      conditions.push('exchange = ?');
      params.push(filter.exchange);
    }
    if (filter.instrumentTypes !== undefined) {
      conditions.push(
        `instrument_type IN (${filter.instrumentTypes.map(() => '?').join(', ') || 'NULL'})`,
      );
      params.push(...filter.instrumentTypes);
    }
    const sql = `SELECT * FROM instruments WHERE ${conditions.join(' AND ')} ORDER BY name, expiry, strike, tradingsymbol`;
    // Not cached: a names list of any length makes a new statement shape.
    return (this.db.prepare(sql).all(...params) as InstrumentDbRow[]).map(instrumentFromDb);
  }

  instrumentColumns(tradingDay: string): InstrumentColumns {
    const count = this.instrumentCount(tradingDay);
    const cursor = this.statement(
      'SELECT * FROM instruments WHERE trading_day = ? ORDER BY name, expiry, strike, tradingsymbol',
    ).iterate(tradingDay) as IterableIterator<InstrumentDbRow>;
    function* rows(): Generator<InstrumentRow> {
      for (const row of cursor) yield instrumentFromDb(row);
    }
    return columnsFromRows(count, rows());
  }

  /** One page of rows, sorted and filtered (see result-pages.ts). */
  queryResults(query: ResultQuery): ResultsPage {
    return this.pages.page(query);
  }

  /** What a run's cached counts depend on (see RUN_TOKEN_SQL); undefined for no such run. */
  private runToken(runId: number): string | undefined {
    return this.statement(RUN_TOKEN_SQL).pluck().get(runId) as string | undefined;
  }

  /**
   * Every row of a run in (underlying, id) order, `chunk` rows per step along the
   * (run_id, underlying) index, so an export never holds the whole run in memory.
   */
  *resultsInChunks(runId: RunId, chunk: number): Generator<ResultRecord[]> {
    const first = this.statement(
      'SELECT * FROM results WHERE run_id = ? ORDER BY underlying, id LIMIT ?',
    );
    const next = this.statement(
      'SELECT * FROM results WHERE run_id = ? AND (underlying, id) > (?, ?) ORDER BY underlying, id LIMIT ?',
    );
    let rows = (first.all(runId, chunk) as Record<string, unknown>[]).map(resultFromDb);
    while (rows.length > 0) {
      yield rows;
      const last = rows.at(-1);
      if (last === undefined || rows.length < chunk) return;
      rows = (next.all(runId, last.underlying, last.id, chunk) as Record<string, unknown>[]).map(
        resultFromDb,
      );
    }
  }

  /**
   * One underlying's strikes for the chart (see chartPointsOf), with its expected move. Both are
   * kept until the run's rows change: a chip toggled back redraws without reading the chain.
   */
  chartPoints(query: ChartQuery): ChartData {
    const prepare = (sql: string) => this.statement(sql);
    const token = this.runToken(query.runId);
    const { runId, underlying, metric, filter } = query;
    const { spot, points } = this.charts.get(
      JSON.stringify([runId, underlying, metric, filter ?? null]),
      token,
      () => chartPointsOf(prepare, query),
    );
    const expectedMove = this.moves.get(JSON.stringify([runId, underlying]), token, () =>
      expectedMoveOf(prepare, runId, underlying),
    );
    return { spot, expectedMove, points };
  }

  /**
   * The expiry dates a run scanned: a scan plan picks one per underlying, so one probe per
   * underlying finds them without reading the run's rows.
   */
  runExpiries(runId: RunId): string[] {
    // The run's facets name its underlyings; one row per underlying along (run_id, underlying).
    const underlyings = this.statement(
      'SELECT DISTINCT underlying FROM run_facets WHERE run_id = ? ORDER BY underlying',
    )
      .pluck()
      .all(runId) as string[];
    const probe = this.statement(
      'SELECT expiry FROM results WHERE run_id = ? AND underlying = ? LIMIT 1',
    ).pluck();
    const expiries = new Set<string>();
    for (const underlying of underlyings) {
      const expiry = probe.get(runId, underlying) as string | undefined;
      if (expiry !== undefined) expiries.add(expiry);
    }
    return [...expiries].sort();
  }

  /** For tests and diagnostics: how SQLite plans a page's valued rows ('v') or NULL tail ('n'). */
  explainResults(query: ResultQuery, phase: 'v' | 'n' = 'v'): string[] {
    const page = this.pages.pageSql(query, phase);
    return (
      this.db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(...page.params) as { detail: string }[]
    ).map((row) => row.detail);
  }

  /** Another module's read (the journal's tables) on this read-only connection. */
  run<T>(use: (db: SqliteDatabase) => T): T {
    return use(this.db);
  }

  close(): void {
    this.statements.clear();
    this.pages.clear();
    this.moves.clear();
    this.charts.clear();
    if (this.db.open) this.db.close();
  }
}
