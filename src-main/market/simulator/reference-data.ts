import { z } from 'zod';
import referenceJson from '../../../resources/simulator/underlyings.json' with { type: 'json' };

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const IndexSchema = z.object({
  underlying: z.string().min(1),
  spotSymbol: z.string().min(1),
  exchangeToken: z.number().int().positive(),
  lotSize: z.number().int().positive(),
  price: z.number().positive(),
  strikeStep: z.number().positive(),
  iv: z.number().min(0.01).max(3),
  weeklyExpiries: z.boolean(),
});

const StockSchema = z.object({
  symbol: z.string().min(1),
  name: z.string().min(1),
  lotSize: z.number().int().positive(),
  price: z.number().positive(),
  iv: z.number().min(0.01).max(3),
  exchangeToken: z.number().int().positive().optional(),
});

export const ReferenceDataSchema = z.object({
  riskFreeRate: z.number().min(0).max(0.5),
  /** MM-DD holidays assumed in years the dated list does not cover. */
  fixedHolidays: z.array(z.string().regex(/^\d{2}-\d{2}$/)),
  holidays: z.array(IsoDate),
  indices: z.array(IndexSchema).min(1),
  stocks: z.array(StockSchema),
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;

/** One underlying as the simulator uses it. */
export interface SimUnderlying {
  readonly kind: 'index' | 'stock';
  /** Position in the reference list: seeds its random streams. */
  readonly ordinal: number;
  /** The NFO name: NIFTY, RELIANCE. */
  readonly underlying: string;
  /** The cash-market symbol: "NIFTY 50" (segment INDICES) or RELIANCE (segment NSE). */
  readonly spotSymbol: string;
  readonly companyName: string;
  readonly spotExchangeToken: number | null;
  readonly lotSize: number;
  readonly referencePrice: number;
  readonly strikeStep: number;
  readonly atmIv: number;
  readonly weeklyExpiries: boolean;
}

/**
 * NSE's stock strike intervals, roughly: finer for cheaper stocks. Exact intervals vary by stock;
 * these keep about the same number of strikes per chain as NSE lists.
 */
export function stockStrikeStep(price: number): number {
  const steps: readonly [number, number][] = [
    [20, 0.5],
    [50, 1],
    [100, 2],
    [250, 5],
    [500, 5],
    [1000, 10],
    [2500, 20],
    [5000, 50],
    [10000, 100],
    [20000, 250],
  ];
  for (const [below, step] of steps) if (price < below) return step;
  return 500;
}

export function simUnderlyings(data: ReferenceData): SimUnderlying[] {
  const indices = data.indices.map((index, ordinal): SimUnderlying => ({
    kind: 'index',
    ordinal,
    underlying: index.underlying,
    spotSymbol: index.spotSymbol,
    companyName: index.spotSymbol,
    spotExchangeToken: index.exchangeToken,
    lotSize: index.lotSize,
    referencePrice: index.price,
    strikeStep: index.strikeStep,
    atmIv: index.iv,
    weeklyExpiries: index.weeklyExpiries,
  }));
  const stocks = data.stocks.map((stock, i): SimUnderlying => ({
    kind: 'stock',
    ordinal: indices.length + i,
    underlying: stock.symbol,
    spotSymbol: stock.symbol,
    companyName: stock.name,
    spotExchangeToken: stock.exchangeToken ?? null,
    lotSize: stock.lotSize,
    referencePrice: stock.price,
    strikeStep: stockStrikeStep(stock.price),
    atmIv: stock.iv,
    weeklyExpiries: false,
  }));
  return [...indices, ...stocks];
}

/** The reference data shipped in resources/simulator, validated. */
export function builtInReferenceData(): ReferenceData {
  return ReferenceDataSchema.parse(referenceJson);
}
