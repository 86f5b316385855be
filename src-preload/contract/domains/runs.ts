import { z } from 'zod';
import { method } from '../define';
import { RESULT_RANGE_COLUMNS, RESULT_SORT_COLUMNS } from '../records/result-columns';
import { ResultRowSchema } from '../records/result-row-schema';
import { RunSummarySchema } from '../records/run-columns';

export { RunSummarySchema, type RunSummaryView } from '../records/run-columns';

const RunIdSchema = z.number().int().positive();

export {
  RESULT_RANGE_COLUMNS,
  RESULT_SORT_COLUMNS,
  type ResultRangeColumn,
  type ResultSortColumn,
} from '../records/result-columns';
export { ResultRowSchema, type ResultRowView } from '../records/result-row-schema';

/** A page of a run's results: sorted, filtered, paged by offset (what the virtual table asks). */
export const ResultsQuerySchema = z.object({
  runId: RunIdSchema,
  sort: z
    .object({
      column: z.enum(RESULT_SORT_COLUMNS),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ column: 'annualizedRomPct', direction: 'desc' }),
  filter: z
    .object({
      underlyings: z.array(z.string().min(1).max(64)).max(500).optional(),
      optionType: z.enum(['CE', 'PE']).optional(),
      passesFilters: z.boolean().optional(),
      ranges: z
        .array(
          z.object({
            column: z.enum(RESULT_RANGE_COLUMNS),
            min: z.number().finite().optional(),
            max: z.number().finite().optional(),
          }),
        )
        .max(RESULT_RANGE_COLUMNS.length)
        .optional(),
    })
    .default({}),
  limit: z.number().int().min(1).max(1000).default(100),
  /** Rows to skip: the table asks for the page it scrolled to. */
  offset: z.number().int().min(0).optional(),
});
export type ResultsQuery = z.input<typeof ResultsQuerySchema>;

const nullableNumber = z.number().nullable();

/** The rows a results screen shows: its chips' filter and its sort (export follows it). */
const ResultsFilterSchema = ResultsQuerySchema.shape.filter;
const ResultsSortSchema = ResultsQuerySchema.shape.sort;

/** One strike of one side for the results chart: x (strike, delta) and the chosen y metric. */
export const ChartPointSchema = z.object({
  strike: z.number(),
  optionType: z.enum(['CE', 'PE']),
  delta: nullableNumber,
  value: nullableNumber,
});
export type ChartPointView = z.infer<typeof ChartPointSchema>;

/** The underlying's 1σ move to expiry at the at-the-money strike: the chart's shaded band. */
export const ExpectedMoveSchema = z.object({
  forward: z.number(),
  move: z.number(),
  atmStrike: z.number(),
});
export type ExpectedMoveView = z.infer<typeof ExpectedMoveSchema>;

export const runsDomain = {
  list: method(
    z
      .object({
        limit: z.number().int().min(1).max(200).default(50),
        before: RunIdSchema.nullable().default(null),
      })
      .default({
        limit: 50,
        before: null,
      }),
    z.object({ runs: z.array(RunSummarySchema).readonly(), nextBefore: RunIdSchema.nullable() }),
  ),
  get: method(z.object({ runId: RunIdSchema }), RunSummarySchema),
  results: method(
    ResultsQuerySchema,
    z.object({
      run: RunSummarySchema,
      rows: z.array(ResultRowSchema).readonly(),
      total: z.number().int(),
    }),
  ),
  /**
   * Writes the rows the screen shows (its filter and sort; all rows when absent) to a file the
   * trader picks in a main-process save dialog. The renderer never names a path.
   */
  export: method(
    z.object({
      runId: RunIdSchema,
      format: z.enum(['csv', 'json']).default('csv'),
      filter: ResultsFilterSchema.optional(),
      sort: ResultsSortSchema.optional(),
    }),
    z.object({
      cancelled: z.boolean(),
      path: z.string().nullable(),
      rows: z.number().int(),
      bytes: z.number().int(),
    }),
  ),
  /** Shows the file this window exported last in the system's file manager. */
  showExport: method(z.undefined(), z.object({ shown: z.boolean() })),
  /** Every strike of one underlying that passes `filter`, for the chart: no row cap. */
  chart: method(
    z.object({
      runId: RunIdSchema,
      underlying: z.string().min(1).max(64),
      metric: z.enum(RESULT_RANGE_COLUMNS).default('annualizedYieldPct'),
      filter: ResultsFilterSchema.optional(),
    }),
    z.object({
      spot: nullableNumber,
      expectedMove: ExpectedMoveSchema.nullable(),
      points: z.array(ChartPointSchema).readonly(),
    }),
  ),
  /** The expiry dates each run actually scanned (a "nearest" rule resolved per underlying). */
  expiries: method(
    z.object({ runIds: z.array(RunIdSchema).min(1).max(200) }),
    z.object({
      runs: z.array(z.object({ runId: RunIdSchema, expiries: z.array(z.string()) })).readonly(),
    }),
  ),
  delete: method(z.object({ runId: RunIdSchema }), z.object({ resultsDeleted: z.number().int() })),
};
