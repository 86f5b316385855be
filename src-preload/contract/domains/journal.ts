import { z } from 'zod';
import { method } from '../define';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-30');
const Money = z.number();

/** Largest tradebook a renderer may hand over (a few years of busy F&O trading fits easily). */
export const MAX_IMPORT_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_FILES = 12;

/**
 * A tradebook file's contents as the renderer read them from a file input: the renderer never
 * names a path, so an import cannot reach any file the trader did not pick. CSV is text; .xlsx
 * is base64. The name is only shown and read for Console's client id.
 */
export const ImportFileSchema = z.object({
  name: z.string().min(1).max(255),
  encoding: z.enum(['text', 'base64']),
  contents: z.string().max(Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 4),
});
export type ImportFile = z.infer<typeof ImportFileSchema>;

export const ImportFileReportSchema = z.object({
  name: z.string(),
  status: z.enum(['imported', 'refused', 'preview']),
  /** Why a file was refused: the line and field of the first malformed row. */
  message: z.string().nullable(),
  kiteUserId: z.string().nullable(),
  tradesRead: z.number().int(),
  tradesAdded: z.number().int(),
  duplicates: z.number().int(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
});
export type ImportFileReport = z.infer<typeof ImportFileReportSchema>;

export const SyncReportSchema = z.object({
  source: z.enum(['kite', 'simulator']),
  kiteUserId: z.string(),
  tradesRead: z.number().int(),
  tradesAdded: z.number().int(),
  orders: z.number().int(),
  positions: z.number().int(),
  /** Contracts that expired open today, settled at the underlying's close from Kite's quote. */
  settlements: z.array(
    z.object({ underlying: z.string(), expiry: z.string(), closePrice: z.number() }),
  ),
});
export type SyncReport = z.infer<typeof SyncReportSchema>;

export const TradeFilterSchema = z.object({
  from: Day.optional(),
  to: Day.optional(),
  underlying: z.string().min(1).max(40).optional(),
  /** The start of a tradingsymbol: NIFTY26JAN matches every NIFTY January contract. */
  instrument: z.string().min(1).max(40).optional(),
  side: z.enum(['BUY', 'SELL']).optional(),
  kind: z.enum(['EQ', 'FUT', 'CE', 'PE']).optional(),
});
export type TradeFilterInput = z.infer<typeof TradeFilterSchema>;

export const TradeViewSchema = z.object({
  id: z.number().int(),
  exchange: z.string(),
  tradeId: z.string(),
  orderId: z.string(),
  tradingsymbol: z.string(),
  underlying: z.string(),
  kind: z.enum(['EQ', 'FUT', 'CE', 'PE']),
  expiry: z.string().nullable(),
  strike: z.number().nullable(),
  side: z.enum(['BUY', 'SELL']),
  quantity: z.number(),
  price: z.number(),
  tradedAt: z.string(),
  tradeDate: z.string(),
  source: z.enum(['console', 'kite']),
  tag: z.string().nullable(),
  /** Gross P&L this trade realized by closing earlier lots; 0 for a purely opening trade. */
  realizedPnl: Money,
  charges: Money,
});
export type TradeView = z.infer<typeof TradeViewSchema>;

const PnlGroupSchema = z.object({
  key: z.string(),
  trades: z.number().int(),
  grossPnl: Money,
  charges: Money,
  netPnl: Money,
});
export type PnlGroupView = z.infer<typeof PnlGroupSchema>;

export const PositionViewSchema = z.object({
  exchange: z.string(),
  tradingsymbol: z.string(),
  underlying: z.string(),
  kind: z.enum(['EQ', 'FUT', 'CE', 'PE']),
  expiry: z.string().nullable(),
  strike: z.number().nullable(),
  quantity: z.number(),
  averagePrice: z.number(),
  awaitingSettlement: z.boolean(),
  markPrice: z.number().nullable(),
  markedAt: z.string().nullable(),
  unrealizedPnl: z.number().nullable(),
});
export type PositionView = z.infer<typeof PositionViewSchema>;

export const JournalStatsSchema = z.object({
  trades: z.number().int(),
  closings: z.number().int(),
  winRate: z.number().nullable(),
  averageWin: Money.nullable(),
  averageLoss: Money.nullable(),
  bestDay: z.object({ day: z.string(), netPnl: Money }).nullable(),
  worstDay: z.object({ day: z.string(), netPnl: Money }).nullable(),
  maxDrawdown: Money,
  grossPnl: Money,
  charges: Money,
  netPnl: Money,
});

export const PnlWindowSchema = z.object({ from: Day.optional(), to: Day.optional() });

export const JournalSummarySchema = z.object({
  kiteUserId: z.string().nullable(),
  stats: JournalStatsSchema,
  days: z.array(PnlGroupSchema.extend({ cumulativeNetPnl: Money })),
  byUnderlying: z.array(PnlGroupSchema),
  byExpiry: z.array(PnlGroupSchema),
  byTag: z.array(PnlGroupSchema),
  positions: z.array(PositionViewSchema),
});
export type JournalSummary = z.infer<typeof JournalSummarySchema>;

export const SuggestionViewSchema = z.object({
  tradeId: z.number().int(),
  tradingsymbol: z.string(),
  soldAt: z.string(),
  quantity: z.number(),
  soldPrice: z.number(),
  runId: z.number().int(),
  scanPremium: z.number().nullable(),
  scanAnnualizedYieldPct: z.number().nullable(),
  scanAnnualizedReturnOnMarginPct: z.number().nullable(),
  /** Gross P&L realized on the units this sale opened; null while they are still open. */
  realizedPnl: Money.nullable(),
  /** The same outcome as an annualized yield on the scan's basis (strike for puts, spot for calls). */
  realizedAnnualizedYieldPct: z.number().nullable(),
});
export type SuggestionView = z.infer<typeof SuggestionViewSchema>;

export const SuggestedVsRealizedSchema = z.object({
  rows: z.array(SuggestionViewSchema),
  aggregate: z.object({
    trades: z.number().int(),
    closed: z.number().int(),
    meanScanAnnualizedYieldPct: z.number().nullable(),
    meanRealizedAnnualizedYieldPct: z.number().nullable(),
    realizedPnl: Money,
  }),
});
export type SuggestedVsRealized = z.infer<typeof SuggestedVsRealizedSchema>;

/**
 * One row of the charge table (src-main/journal/charges.ts holds Zerodha's rates and their
 * sources): the rates in force from `effectiveFrom` until the next row. Percentages are of
 * turnover unless a field says otherwise.
 */
const Pct = z.number().min(0).max(100);
export const ChargeRatesSchema = z.object({
  effectiveFrom: Day,
  brokerage: z.object({
    /** ₹ per executed order (options); futures and intraday pay pct capped at this. */
    perOrderCap: z.number().min(0).max(10_000),
    futuresAndIntradayPct: Pct,
    deliveryPct: Pct,
  }),
  /** Securities transaction tax, % of turnover (options: of premium). */
  stt: z.object({
    deliveryBothSides: Pct,
    intradaySell: Pct,
    futuresSell: Pct,
    optionsSell: Pct,
    /** % of intrinsic value on options bought and exercised (settled in the money). */
    optionsExercised: Pct,
  }),
  /** Exchange transaction charge, % of turnover, by exchange and instrument. */
  exchange: z.object({
    NSE: z.object({ equity: Pct, futures: Pct, options: Pct }),
    BSE: z.object({ equity: Pct, futures: Pct, options: Pct }),
  }),
  sebiPerCrore: z.number().min(0).max(100_000),
  /** Stamp duty, % of buy-side turnover. */
  stampBuy: z.object({ delivery: Pct, intraday: Pct, futures: Pct, options: Pct }),
  /** GST on brokerage + exchange charge + SEBI fee. */
  gstPct: Pct,
});
export type ChargeRates = z.infer<typeof ChargeRatesSchema>;
export const ChargeTableSchema = z
  .array(ChargeRatesSchema)
  .min(1)
  .max(50)
  .refine(
    (rows) => new Set(rows.map((r) => r.effectiveFrom)).size === rows.length,
    'two rows take effect on the same day',
  );

export const ChargeTableViewSchema = z.object({
  rows: z.array(ChargeRatesSchema),
  /** false once the trader saved a table of their own. */
  isDefault: z.boolean(),
});
export type ChargeTableView = z.infer<typeof ChargeTableViewSchema>;

/** The active profile's trade journal: imports, Kite sync, trades, P&L and statistics. */
export const journalDomain = {
  /** Imports (or, with preview, only checks) Console tradebook files; one report per file. */
  import: method(
    z.object({
      files: z.array(ImportFileSchema).min(1).max(MAX_IMPORT_FILES),
      preview: z.boolean().default(false),
    }),
    z.array(ImportFileReportSchema),
  ),
  /** Pulls today's trades, orders and positions from the profile's broker. */
  sync: method(z.undefined(), SyncReportSchema),
  trades: method(
    z.object({
      filter: TradeFilterSchema.default({}),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    z.object({ trades: z.array(TradeViewSchema), total: z.number().int() }),
  ),
  summary: method(PnlWindowSchema.default({}), JournalSummarySchema),
  suggestedVsRealized: method(PnlWindowSchema.default({}), SuggestedVsRealizedSchema),
  /** The charge rates the estimates use: Zerodha's defaults until the trader saves a table. */
  chargeRates: method(z.undefined(), ChargeTableViewSchema),
  /** Saves the trader's charge table (null restores the defaults); answers the table in force. */
  setChargeRates: method(z.object({ rows: ChargeTableSchema.nullable() }), ChargeTableViewSchema),
  /** The underlying's close on an expiry day, typed by the trader, settles what awaits it. */
  setSettlement: method(
    z.object({
      underlying: z.string().min(1).max(40),
      expiry: Day,
      closePrice: z.number().positive().max(10_000_000),
    }),
    z.null(),
  ),
};
