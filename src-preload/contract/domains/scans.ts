import { z } from 'zod';
import { method } from '../define';

/** Metrics a scan can rank by for "top N per underlying". */
export const RANK_METRICS = [
  'annualizedRomPct',
  'romPct',
  'annualizedYieldPct',
  'yieldPct',
  'premiumPerLot',
  'otmPct',
  'oi',
  'volume',
  'probOtmPct',
  'probProfitPct',
] as const;
export const RankMetricSchema = z.enum(RANK_METRICS);
export type RankMetric = z.infer<typeof RankMetricSchema>;

/**
 * A whole number grouped the Indian way (1,00,00,000) without ICU: a locale-aware format loads
 * ICU's locale data while this module loads, ~25 ms of every command's start.
 */
export function groupIndian(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) < 1000) return String(value);
  const digits = String(Math.abs(value));
  const head = digits.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
  return `${value < 0 ? '-' : ''}${head},${digits.slice(-3)}`;
}

/** A bounded number with the bounds said in words, naming the field as the screen labels it. */
const optionalNumber = (min: number, max: number, label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .min(min, `${label} cannot be below ${min}.`)
    .max(max, `${label} cannot be above ${groupIndian(max)}.`)
    .nullable();
const optionalCount = (label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} is a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .nullable();

/**
 * What a scan keeps. Every option is stored; rows failing a filter are kept with the reason, so
 * the results screen can answer "why not". The defaults are the "Seller" filter: what an Indian
 * option seller acts on — out of the money, |delta| at most 0.30, a spread that can be traded
 * (≤ 10 %), at least 50 lots of open interest, and the best 3 per underlying by annualized
 * return on the margin the broker blocks.
 */
export const ScanFiltersSchema = z.object({
  optionType: z.enum(['CE', 'PE', 'both']).default('both'),
  otmPctMin: optionalNumber(-100, 100, 'OTM % at least').default(0),
  otmPctMax: optionalNumber(-100, 100, 'OTM % at most').default(null),
  minYieldPct: optionalNumber(0, 100, 'Yield % at least').default(null),
  minAnnualizedYieldPct: optionalNumber(0, 10_000, 'Annualized yield % at least').default(null),
  maxAbsDelta: optionalNumber(0, 1, '|Delta| at most').default(0.3),
  minOi: optionalCount('Open interest at least').default(null),
  /** Open interest in lots (a stock's lot is hundreds of shares: units mislead). */
  minOiLots: optionalNumber(0, 10_000_000, 'Open interest in lots at least').default(50),
  minVolume: optionalCount('Volume at least').default(null),
  maxSpreadPct: optionalNumber(0, 1_000, 'Spread % at most').default(10),
  minBid: optionalNumber(0, 1_000_000, 'Bid at least (₹)').default(0.05),
  topNPerUnderlying: z
    .object({
      n: z
        .number()
        .int('Best N per underlying is a whole number.')
        .min(1, 'Best N per underlying is at least 1.')
        .max(1_000, 'Best N per underlying is at most 1,000.'),
      metric: RankMetricSchema.default('annualizedRomPct'),
    })
    .nullable()
    .default({ n: 3, metric: 'annualizedRomPct' }),
});

/** Filters with nothing switched off: every priced option passes (the old "show me all"). */
export const OPEN_FILTERS: ScanFiltersInput = {
  otmPctMin: null,
  maxAbsDelta: null,
  minOiLots: null,
  maxSpreadPct: null,
  minBid: null,
  topNPerUnderlying: null,
};

export const PREMIUM_BASES = ['bid', 'mid', 'last'] as const;
export const PremiumBasisSchema = z.enum(PREMIUM_BASES);

/**
 * How a scan prices and which expiry it picks. The rate is the continuously compounded
 * risk-free rate as a fraction (0.055 = 5.5 %); null = the profile's setting.
 */
export const ScanModelSchema = z.object({
  basis: PremiumBasisSchema.default('bid'),
  rate: z.number().min(0).max(0.5).nullable().default(null),
  /** "Nearest monthly" skips an expiry with fewer trading days left than this; null = setting. */
  minTradingDays: z.number().int().min(0).max(20).nullable().default(null),
});
export type ScanModel = z.output<typeof ScanModelSchema>;
export type ScanModelInput = z.input<typeof ScanModelSchema>;
export type ScanFilters = z.output<typeof ScanFiltersSchema>;
export type ScanFiltersInput = z.input<typeof ScanFiltersSchema>;

export interface FilterProblem {
  /** The filter's key, so a screen can put the sentence next to its field. */
  readonly field: keyof ScanFilters;
  readonly message: string;
}

/**
 * Filters that are each valid but cannot hold together (nothing could pass), in plain words.
 * The scan screen shows them beside the fields before a scan starts; scans.start refuses them.
 */
export function contradictoryFilters(
  filters: Pick<ScanFiltersInput, 'otmPctMin' | 'otmPctMax'>,
): FilterProblem[] {
  const problems: FilterProblem[] = [];
  if (typeof filters.otmPctMin === 'number' && typeof filters.otmPctMax === 'number') {
    if (filters.otmPctMin > filters.otmPctMax) {
      problems.push({
        field: 'otmPctMax',
        message: `OTM % at most (${filters.otmPctMax}) is below OTM % at least (${filters.otmPctMin}): no strike can be both.`,
      });
    }
  }
  return problems;
}

/** Every problem with a filter set, field by field, in the words the scan screen uses. */
export function scanFilterProblems(filters: ScanFiltersInput): FilterProblem[] {
  const parsed = ScanFiltersSchema.safeParse(filters);
  const invalid = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'optionType') as keyof ScanFilters,
        message: issue.message,
      }));
  // Both kinds at once: the screen marks every field that needs a change.
  return [...invalid, ...contradictoryFilters(filters)];
}

/** Expiry rules: the nearest monthly, or the nearest of any kind (weekly where listed). */
export const EXPIRY_RULES = ['nearest', 'nearest-weekly'] as const;
export type ExpiryRule = (typeof EXPIRY_RULES)[number];

export const SCAN_PHASES = [
  'queued',
  'instruments',
  'symbols',
  'prices',
  'quotes',
  'finishing',
  'done',
] as const;

/** Pushed while a scan runs (event `scans.progress`), and returned by `scans.active`. */
export const ScanProgressSchema = z.object({
  runId: z.number().int().positive(),
  phase: z.enum(SCAN_PHASES),
  status: z.enum(['running', 'completed', 'failed', 'cancelled']),
  underlyingsDone: z.number().int().min(0),
  underlyingsTotal: z.number().int().min(0),
  optionsDone: z.number().int().min(0),
  optionsTotal: z.number().int().min(0),
  rowsWritten: z.number().int().min(0),
  apiCalls: z.number().int().min(0),
  /** Seconds until the quotes phase ends, from the pace so far; null before it can be told. */
  etaSeconds: z.number().min(0).nullable(),
  message: z.string().nullable(),
});
export type ScanProgress = z.infer<typeof ScanProgressSchema>;

const symbolText = z.string().max(64);

export const ScanStartSchema = z
  .object({
    symbols: z.array(symbolText).max(10_000).default([]),
    /** A built-in preset (`fno-stocks`, `indices`) or a saved watchlist's name. */
    watchlist: z.string().min(1).max(64).nullable().default(null),
    expiry: z
      .union([
        z.enum(EXPIRY_RULES),
        z
          .string()
          .regex(
            /^\d{4}-\d{2}-\d{2}$/,
            'An expiry is a date (YYYY-MM-DD), "nearest" or "nearest-weekly".',
          ),
      ])
      .default('nearest'),
    filters: ScanFiltersSchema.default(ScanFiltersSchema.parse({})),
    model: ScanModelSchema.default(ScanModelSchema.parse({})),
  })
  .refine((input) => input.symbols.length > 0 || input.watchlist !== null, {
    message: 'Give at least one symbol or a watchlist.',
    path: ['symbols'],
  })
  .superRefine((input, context) => {
    for (const problem of contradictoryFilters(input.filters)) {
      context.addIssue({
        code: 'custom',
        message: problem.message,
        path: ['filters', problem.field],
      });
    }
  });

export const UnderlyingSchema = z.object({
  underlying: z.string(),
  kind: z.enum(['index', 'stock']),
  companyName: z.string().nullable(),
  lotSize: z.number(),
});

export const scansDomain = {
  start: method(ScanStartSchema, z.object({ runId: z.number().int().positive() })),
  cancel: method(
    z.object({ runId: z.number().int().positive() }),
    z.object({ cancelled: z.boolean() }),
  ),
  active: method(z.undefined(), z.array(ScanProgressSchema)),
  /** The day's F&O underlyings and watchlist presets, for symbol entry and autocomplete. */
  universe: method(
    z.undefined(),
    z.object({
      source: z.enum(['simulator', 'kite']),
      underlyings: z.array(UnderlyingSchema),
      presets: z.array(z.object({ id: z.string(), name: z.string(), size: z.number().int() })),
    }),
  ),
  /**
   * The expiries of the chosen underlyings together: per date, the options listed across them
   * and how many of them list it (a monthly date is usually shared; weeklies are an index's).
   */
  expiries: method(
    z.object({ underlyings: z.array(symbolText).min(1).max(500) }),
    z.array(
      z.object({
        expiry: z.string(),
        isMonthly: z.boolean(),
        optionCount: z.number().int(),
        underlyingCount: z.number().int(),
      }),
    ),
  ),
  matchSymbols: method(
    z.object({ symbols: z.array(symbolText).max(10_000) }),
    z.object({
      matched: z.array(z.object({ underlying: z.string(), inputs: z.array(z.string()) })),
      unknown: z.array(z.object({ input: z.string(), suggestions: z.array(z.string()) })),
    }),
  ),
  saveWatchlist: method(
    z.object({
      name: z.string().trim().min(1).max(40),
      symbols: z.array(symbolText).min(1).max(10_000),
    }),
    z.object({ saved: z.literal(true) }),
  ),
  deleteWatchlist: method(
    z.object({ name: z.string().min(1).max(40) }),
    z.object({ deleted: z.boolean() }),
  ),
  /** Built-in and saved filter presets of the profile ("Seller" is the default). */
  filterPresets: method(
    z.undefined(),
    z.array(z.object({ name: z.string(), builtIn: z.boolean(), filters: ScanFiltersSchema })),
  ),
  saveFilterPreset: method(
    z.object({ name: z.string().trim().min(1).max(40), filters: ScanFiltersSchema }),
    z.object({ saved: z.literal(true) }),
  ),
  deleteFilterPreset: method(
    z.object({ name: z.string().min(1).max(40) }),
    z.object({ deleted: z.boolean() }),
  ),
  /** Downloads the day's instrument list again (it is otherwise cached for the trading day). */
  refreshInstruments: method(
    z.undefined(),
    z.object({ tradingDay: z.string(), instruments: z.number().int() }),
  ),
};
