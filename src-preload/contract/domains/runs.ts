import { z } from 'zod';
import { method } from '../define';

const RunIdSchema = z.number().int().positive();

export const RunSummarySchema = z.object({
  id: RunIdSchema,
  status: z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  source: z.enum(['simulator', 'kite']),
  symbols: z.array(z.string()).readonly(),
  expiry: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
  underlyingsTotal: z.number().int(),
  optionsTotal: z.number().int(),
  rowsWritten: z.number().int(),
  rowsPassing: z.number().int(),
  apiCalls: z.number().int(),
  unmatched: z.array(z.string()).readonly(),
  errors: z.array(z.object({ underlying: z.string().nullable(), message: z.string() })).readonly(),
  durations: z.record(z.string(), z.number()),
  errorSummary: z.string().nullable(),
});
export type RunSummaryView = z.infer<typeof RunSummarySchema>;

const nullableNumber = z.number().nullable();

/** One option row of a run as the results screen shows it (DESIGN.md §5; prices in ₹, % as 12.5). */
export const ResultRowSchema = z.object({
  id: z.number().int(),
  underlying: z.string(),
  tradingsymbol: z.string(),
  instrumentToken: z.number(),
  exchange: z.string(),
  optionType: z.enum(['CE', 'PE']),
  strike: z.number(),
  expiry: z.string(),
  lotSize: z.number(),
  daysToExpiry: z.number(),
  spot: z.number(),
  bid: nullableNumber,
  ask: nullableNumber,
  lastPrice: nullableNumber,
  premium: nullableNumber,
  premiumSource: z.enum(['mid', 'last', 'none']),
  volume: z.number(),
  oi: z.number(),
  otmPct: z.number(),
  yieldPct: nullableNumber,
  annualizedYieldPct: nullableNumber,
  breakeven: nullableNumber,
  premiumPerLot: nullableNumber,
  spreadPct: nullableNumber,
  iv: nullableNumber,
  delta: nullableNumber,
  passesFilters: z.boolean(),
  filterReason: z.string().nullable(),
  quoteTime: z.string().nullable(),
});
export type ResultRowView = z.infer<typeof ResultRowSchema>;

/** Numeric columns a range filter may apply to. */
export const RESULT_RANGE_COLUMNS = [
  'annualizedYieldPct',
  'yieldPct',
  'otmPct',
  'strike',
  'premium',
  'oi',
  'iv',
  'delta',
  'volume',
  'spot',
  'bid',
  'ask',
  'lastPrice',
  'breakeven',
  'premiumPerLot',
  'spreadPct',
  'daysToExpiry',
  'lotSize',
] as const;
export type ResultRangeColumn = (typeof RESULT_RANGE_COLUMNS)[number];

/** Columns the results screen may sort by (a whitelist: user strings never reach SQL). */
export const RESULT_SORT_COLUMNS = [
  ...RESULT_RANGE_COLUMNS,
  'underlying',
  'tradingsymbol',
  'expiry',
] as const;
export type ResultSortColumn = (typeof RESULT_SORT_COLUMNS)[number];

/** A page of a run's results: sorted, filtered, paged by cursor (or offset). */
export const ResultsQuerySchema = z.object({
  runId: RunIdSchema,
  sort: z
    .object({
      column: z.enum(RESULT_SORT_COLUMNS),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ column: 'annualizedYieldPct', direction: 'desc' }),
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
  /** Opaque keyset cursor from the previous page's nextCursor (stays fast at any depth). */
  cursor: z.string().max(512).nullable().optional(),
  /** Alternative to the cursor: skip this many rows (simple, slower on deep pages). */
  offset: z.number().int().min(0).optional(),
});
export type ResultsQuery = z.input<typeof ResultsQuerySchema>;

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
      nextCursor: z.string().nullable(),
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
    z.object({ spot: nullableNumber, points: z.array(ChartPointSchema).readonly() }),
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
