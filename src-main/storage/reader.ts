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
import {
  filterClause,
  pageQuery,
  parseResultQuery,
  resultFromDb,
  type ResultQuery,
  type ResultRecord,
} from './results-query';
import { columnOf, type ResultRangeColumn } from './result-row';
import { compareStrikes, type StrikeComparison } from './run-comparison';
import { openReadOnly, type SqliteDatabase } from './sqlite';

/** Prepared statements kept per connection; queries with many filter shapes stay bounded. */
const STATEMENT_CACHE_SIZE = 64;

export interface ResultsPage {
  readonly rows: readonly ResultRecord[];
  /** Rows matching the filter, over all pages. */
  readonly total: number;
}

export interface ChartQuery {
  readonly runId: RunId;
  readonly underlying: string;
  readonly metric: ResultRangeColumn;
  readonly filter?: ResultQuery['filter'];
}

export interface ChartPoint {
  readonly strike: number;
  readonly optionType: 'CE' | 'PE';
  readonly delta: number | null;
  readonly value: number | null;
}

/** The market's 1σ move to expiry, read off the at-the-money strike (nearest the forward). */
export interface ExpectedMove {
  readonly forward: number;
  /** F·σ·√T in rupees, σ the at-the-money strike's implied volatility (calls and puts averaged). */
  readonly move: number;
  readonly atmStrike: number;
}

export interface ChartData {
  readonly spot: number | null;
  readonly expectedMove: ExpectedMove | null;
  readonly points: ChartPoint[];
}

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

  queryResults(query: ResultQuery): ResultsPage {
    const parsed = parseResultQuery(query);
    const where = filterClause(parsed);
    const column = columnOf(parsed.sort.column).column;
    const counts = this.statement(
      `SELECT count(*) AS total, count(${column}) AS valued FROM results WHERE ${where.sql}`,
    ).get(...where.params) as { total: number; valued: number };
    const fetch = (phase: 'v' | 'n', limit: number, offset: number) => {
      const page = pageQuery(parsed, where, phase, limit, offset);
      return (this.statement(page.sql).all(...page.params) as Record<string, unknown>[]).map(
        resultFromDb,
      );
    };
    // Rows with a sort value first, then the NULL tail: each phase walks its own index.
    const offset = parsed.offset ?? 0;
    let rows =
      offset < counts.valued
        ? fetch('v', parsed.limit, offset)
        : fetch('n', parsed.limit, offset - counts.valued);
    if (offset < counts.valued && rows.length < parsed.limit)
      rows = rows.concat(fetch('n', parsed.limit - rows.length, 0));
    return { rows, total: counts.total };
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
   * Every strike of one underlying that passes the screen's filter, for the chart: strike,
   * side, delta and one metric, along the (run_id, underlying) index. No row cap: a chain is a
   * few hundred strikes, and the chart must not silently drop any.
   */
  chartPoints(query: ChartQuery): ChartData {
    const parsed = parseResultQuery({
      runId: query.runId,
      filter: { ...query.filter, underlyings: [query.underlying] },
    });
    const where = filterClause(parsed);
    const metric = columnOf(query.metric).column;
    const rows = this.statement(
      `SELECT strike, option_type, delta, ${metric} AS value, spot FROM results WHERE ${where.sql} ORDER BY strike, option_type`,
    ).all(...where.params) as {
      strike: number;
      option_type: 'CE' | 'PE';
      delta: number | null;
      value: number | null;
      spot: number;
    }[];
    return {
      spot: rows[0]?.spot ?? null,
      expectedMove: this.expectedMove(query.runId, query.underlying),
      points: rows.map((row) => ({
        strike: row.strike,
        optionType: row.option_type,
        delta: row.delta,
        value: row.value,
      })),
    };
  }

  /**
   * The expected move of one underlying in a run, whatever the screen's filter: the seller's
   * filter hides the at-the-money strike (|delta| ≈ 0.5), but the band is about the market, not
   * about which rows pass. Reads the chain along the (run_id, underlying) index.
   */
  private expectedMove(runId: RunId, underlying: string): ExpectedMove | null {
    const forward = columnOf('forward').column;
    const move = columnOf('expectedMove').column;
    const nearest = this.statement(
      `SELECT strike, ${forward} AS forward, ${move} AS move FROM results
       WHERE run_id = ? AND underlying = ? AND ${forward} > 0 AND ${move} > 0
       ORDER BY abs(strike - ${forward}), option_type LIMIT 2`,
    ).all(runId, underlying) as { strike: number; forward: number; move: number }[];
    const first = nearest[0];
    if (first === undefined) return null;
    // The call and the put at one strike each imply a σ; a second row at another strike is not ATM.
    const atm = nearest.filter((row) => row.strike === first.strike);
    return {
      forward: first.forward,
      move: atm.reduce((sum, row) => sum + row.move, 0) / atm.length,
      atmStrike: first.strike,
    };
  }

  /**
   * The expiry dates a run scanned: a scan plan picks one per underlying, so one probe per
   * underlying finds them without reading the run's rows.
   */
  runExpiries(runId: RunId): string[] {
    // Both read only the (run_id, underlying) index, plus one table row per underlying.
    const underlyings = this.statement(
      'SELECT DISTINCT underlying FROM results WHERE run_id = ? ORDER BY underlying',
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

  /** For tests and diagnostics: how SQLite plans a results page. */
  explainResults(query: ResultQuery): string[] {
    const parsed = parseResultQuery(query);
    const page = pageQuery(parsed, filterClause(parsed), 'v', parsed.limit, 0);
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
    if (this.db.open) this.db.close();
  }
}
