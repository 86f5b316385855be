import type Database from 'better-sqlite3';
import {
  filterClause,
  pageByIdsQuery,
  pageQuery,
  parseResultQuery,
  recordLayout,
  resultFromRaw,
  type ParsedQuery,
  type RecordLayout,
  type ResultQuery,
  type ResultRecord,
  type RowSpan,
  type SqlPart,
} from './results-query';
import { columnOf } from './result-row';
import { FACET_TOTAL_SQL, facetTotalParams } from './run-facets';
import { TokenCache } from './token-cache';

/** Row counts kept per connection: a few per filter the trader tries, over the runs opened. */
const COUNT_CACHE_SIZE = 512;
/** Row id spans kept per connection: one per run opened. */
const SPAN_CACHE_SIZE = 64;

/**
 * Sort columns whose failing rows with a value have an index too (migration 008), beside the
 * passing rows' index every sort column has (migration 005): every row of a run in their order
 * is the two indexes merged.
 */
const FAILING_ROW_INDEXES: ReadonlySet<string> = new Set(['annualized_rom_pct']);

export interface ResultsPage {
  readonly rows: readonly ResultRecord[];
  /** Rows matching the filter, over all pages. */
  readonly total: number;
}

/** How one phase of a page is read: one WHERE walked as it is, or ids first (pageByIdsQuery). */
interface PhasePlan {
  readonly arms: readonly SqlPart[];
  readonly byIds: boolean;
}

/** Each phase of a page: rows with a sort value ('v'), then the NULL tail ('n'). */
interface PagePlan {
  readonly valued: PhasePlan;
  readonly tail: PhasePlan;
  readonly total: number;
}

const direct = (where: SqlPart): PhasePlan => ({ arms: [where], byIds: false });

function phaseQuery(
  parsed: ParsedQuery,
  phase: 'v' | 'n',
  plan: PhasePlan,
  limit: number,
  offset: number,
): SqlPart {
  const [only] = plan.arms;
  return !plan.byIds && plan.arms.length === 1 && only !== undefined
    ? pageQuery(parsed, only, phase, limit, offset)
    : pageByIdsQuery(parsed, plan.arms, phase, limit, offset);
}

/** The query with its passing-rows condition set to `passes`. */
function passing(parsed: ParsedQuery, passes: boolean): ParsedQuery {
  return { ...parsed, filter: { ...parsed.filter, passesFilters: passes } };
}

/**
 * The results screen's pages of one run, from a read-only connection: sorted, filtered, paged,
 * each phase read along an index or along the run's own rows, never through a sort of the run
 * when an index can give the order. `statement` prepares (and caches) on that connection;
 * `runToken` says what a run's cached counts depend on (see RUN_TOKEN_SQL).
 */
export class ResultPages {
  private readonly counts = new TokenCache<number>(COUNT_CACHE_SIZE);
  private readonly spans = new TokenCache<RowSpan | null>(SPAN_CACHE_SIZE);
  /** Each page statement's column positions, read once per prepared statement. */
  private readonly layouts = new WeakMap<Database.Statement, RecordLayout>();

  constructor(
    private readonly statement: (sql: string) => Database.Statement,
    private readonly runToken: (runId: number) => string | undefined,
  ) {}

  /**
   * One page of rows. The total comes from the run's facets or, with value ranges, from one
   * count per (run, filter) kept until the run's rows change. A sort never recounts: the rows
   * that match do not depend on their order.
   */
  page(query: ResultQuery): ResultsPage {
    const parsed = parseResultQuery(query);
    const token = this.runToken(parsed.runId);
    const offset = parsed.offset ?? 0;
    const plan = this.planned(parsed, token, offset);
    const fetch = (phase: 'v' | 'n', limit: number, offset: number) => {
      const page = phaseQuery(
        parsed,
        phase,
        phase === 'v' ? plan.valued : plan.tail,
        limit,
        offset,
      );
      return this.records(this.statement(page.sql), page.params);
    };
    // Rows with a sort value first, then the NULL tail: each phase walks its own index.
    let rows = fetch('v', parsed.limit, offset);
    if (rows.length < parsed.limit) {
      // The valued rows end on this page (where the tail starts is known) or before it (counted).
      const valued =
        rows.length > 0 ? offset + rows.length : this.valuedRows(parsed, plan.valued, token);
      const tailOffset = Math.max(0, offset + rows.length - valued);
      rows = rows.concat(fetch('n', parsed.limit - rows.length, tailOffset));
    }
    return { rows, total: plan.total };
  }

  /** For tests and diagnostics: the SQL of a page's phase ('v': valued rows, 'n': NULL tail). */
  pageSql(query: ResultQuery, phase: 'v' | 'n'): SqlPart {
    const parsed = parseResultQuery(query);
    const plan = this.planned(parsed, this.runToken(parsed.runId), 0);
    return phaseQuery(parsed, phase, phase === 'v' ? plan.valued : plan.tail, parsed.limit, 0);
  }

  /** A page statement's rows, read as arrays (see resultFromRaw). */
  private records(statement: Database.Statement, params: unknown[]): ResultRecord[] {
    let layout = this.layouts.get(statement);
    if (layout === undefined) {
      layout = recordLayout(statement.columns().map((column) => column.name));
      this.layouts.set(statement, layout);
    }
    const at = layout;
    return (statement.raw(true).all(...params) as unknown[][]).map((row) => resultFromRaw(row, at));
  }

  clear(): void {
    this.counts.clear();
    this.spans.clear();
  }

  private planned(parsed: ParsedQuery, token: string | undefined, offset: number): PagePlan {
    const where = filterClause(parsed);
    const sortColumn = columnOf(parsed.sort.column).column;
    const steered = { rangesOffIndex: { except: sortColumn } };
    if (parsed.filter.passesFilters === true) {
      const total = this.totalRows(parsed, where, token);
      const walks = this.walksSortIndex(parsed, offset, total);
      const valued = walks ? filterClause(parsed, steered) : where;
      return { valued: direct(valued), tail: direct(where), total };
    }
    const span = this.readsWholeRun(parsed) ? this.span(parsed.runId, token) : null;
    if (span === null) {
      const total = this.totalRows(parsed, where, token);
      return { valued: direct(where), tail: direct(where), total };
    }
    const spanned = filterClause(parsed, { span });
    const tail: PhasePlan = { arms: [spanned], byIds: true };
    const total = this.totalRows(parsed, spanned, token);
    if (!FAILING_ROW_INDEXES.has(sortColumn)) return { valued: tail, tail, total };
    // Passing rows along 005's index, failing ones along 008's, merged in the sort's order.
    const sides = parsed.filter.passesFilters === false ? [false] : [true, false];
    const arms = sides.map((passes) => filterClause(passing(parsed, passes), steered));
    return { valued: { arms, byIds: arms.length > 1 }, tail, total };
  }

  /**
   * Rows that are not only the passing ones, of every underlying: no index of the run gives
   * those in any useful order but 008's, and reading them along the (run_id, underlying) index
   * costs one b-tree descent per row (90–120 ms for a 100,000-row run, against 15–30 ms for
   * reading the run's rows in rowid order).
   */
  private readsWholeRun(parsed: ParsedQuery): boolean {
    const { filter } = parsed;
    return filter.passesFilters !== true && (filter.underlyings ?? []).length === 0;
  }

  /** The run's first and last row id (its rows are written together, so little else is between). */
  private span(runId: number, token: string | undefined): RowSpan | null {
    return this.spans.get(String(runId), token, () => {
      const found = this.statement(
        'SELECT min(id) AS first, max(id) AS last FROM result_rows WHERE run_id = ?',
      ).get(runId) as { first: number | null; last: number | null } | undefined;
      return found?.first == null || found.last == null
        ? null
        : { first: found.first, last: found.last };
    });
  }

  /**
   * With a value range on another column than the sort, SQLite fetches the range's rows from that
   * column's index and sorts them all: 40–65 ms for a "≥ 20% a year" chip on a 100,000-row run,
   * where walking the sort column's index and skipping rows outside the range took 3 ms. Which is
   * cheaper depends on how many rows match, which is known exactly: walking reads about
   * (offset + limit) × passing ÷ matching rows, fetching and sorting reads the matching rows.
   */
  private walksSortIndex(parsed: ParsedQuery, offset: number, matching: number): boolean {
    const sortColumn = parsed.sort.column;
    const { filter } = parsed;
    // The sort indexes hold the passing rows only (migration 005).
    if (filter.passesFilters !== true || matching === 0) return false;
    if (!(filter.ranges ?? []).some((range) => range.column !== sortColumn)) return false;
    const passing = this.statement(FACET_TOTAL_SQL)
      .pluck()
      .get(facetTotalParams(parsed.runId, { passesFilters: true })) as number;
    return ((offset + parsed.limit) * passing) / matching < matching;
  }

  private totalRows(parsed: ParsedQuery, where: SqlPart, token: string | undefined): number {
    const { filter } = parsed;
    const ranged = (filter.ranges ?? []).some(
      (range) => range.min !== undefined || range.max !== undefined,
    );
    if (!ranged) {
      return this.statement(FACET_TOTAL_SQL)
        .pluck()
        .get(facetTotalParams(parsed.runId, filter)) as number;
    }
    return this.counts.get(
      `total|${parsed.runId}|${JSON.stringify(filter)}`,
      token,
      () =>
        this.statement(`SELECT count(*) FROM results WHERE ${where.sql}`)
          .pluck()
          .get(...where.params) as number,
    );
  }

  /** Matching rows that have a value in the sort column (the NULL tail follows them). */
  private valuedRows(parsed: ParsedQuery, plan: PhasePlan, token: string | undefined): number {
    const column = columnOf(parsed.sort.column).column;
    const key = `valued|${parsed.runId}|${column}|${JSON.stringify(parsed.filter)}`;
    // Counted per arm with the valued phase's own conditions, so each count reads what it walks.
    const count = (arm: SqlPart): number =>
      this.statement(`SELECT count(*) FROM results WHERE ${arm.sql} AND ${column} IS NOT NULL`)
        .pluck()
        .get(...arm.params) as number;
    return this.counts.get(key, token, () => plan.arms.reduce((sum, arm) => sum + count(arm), 0));
  }
}
