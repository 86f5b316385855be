/**
 * The one declaration of a scan result row (DESIGN.md §5). Everything else is derived from it:
 * the TypeScript row type, the zod schema the IPC router checks (result-row-schema.ts), the SQL column list and insert,
 * the columnar (typed-array) layout pool tasks produce, the export header, the sortable and
 * range-filterable columns. Adding a metric is one line here plus its formula in
 * src-main/scan/metrics.ts (the type of OptionMetrics makes the formula mandatory).
 *
 * Lives in the contract (imports nothing from node or electron) because the renderer needs the
 * column list too. It loads no zod: the storage writer thread reads its column list, and every
 * CLI command waits for that thread to start.
 */
export type FieldKind = 'text' | 'int' | 'real' | 'bool' | 'enum';
/** Shown in export headers (`strike (₹)`) and column descriptions. */
export type FieldUnit = '₹' | '%' | 'days' | 'qty' | 'lots' | 'σ' | null;
/**
 * Who fills a field: the quote and instrument list (`quote`), the per-row formulas
 * (`metric`), the filters (`filter`), or the margin calculator after filtering (`margin`).
 */
export type FieldOrigin = 'quote' | 'metric' | 'filter' | 'margin';

export interface FieldSpec<
  K extends string = string,
  Kind extends FieldKind = FieldKind,
  Nullable extends boolean = boolean,
  Values extends readonly string[] = readonly string[],
  Origin extends FieldOrigin = FieldOrigin,
> {
  readonly key: K;
  /** The SQL column (snake_case). */
  readonly column: string;
  readonly kind: Kind;
  readonly nullable: Nullable;
  readonly unit: FieldUnit;
  readonly origin: Origin;
  /** The allowed values of an `enum` field. */
  readonly values: Values;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function field<
  K extends string,
  Kind extends Exclude<FieldKind, 'enum'>,
  N extends boolean,
  O extends FieldOrigin,
>(
  key: K,
  kind: Kind,
  nullable: N,
  origin: O,
  unit: FieldUnit = null,
): FieldSpec<K, Kind, N, readonly [], O> {
  return { key, column: snake(key), kind, nullable, unit, origin, values: [] };
}

function choice<
  K extends string,
  const V extends readonly [string, ...string[]],
  N extends boolean,
  O extends FieldOrigin,
>(key: K, values: V, nullable: N, origin: O): FieldSpec<K, 'enum', N, V, O> {
  return { key, column: snake(key), kind: 'enum', nullable, unit: null, origin, values };
}

export const OPTION_TYPES = ['CE', 'PE'] as const;
/**
 * What priced the premium: the best bid (what a seller gets, the default), the mid of bid/ask,
 * the last trade, or, after the close when the book is empty, the close price (flagged stale).
 * `none`: no usable price. Rows of runs before migration 002 hold only mid, last or none.
 */
export const PREMIUM_SOURCES = ['bid', 'mid', 'last', 'close', 'none'] as const;
/** F came from the same-expiry future, or from carry S·e^{rT} where no future is listed. */
export const FORWARD_SOURCES = ['future', 'carry'] as const;

/**
 * The stable column order: inserts, reads and exports follow it. Append new fields at the end
 * (exports are read by spreadsheets that address columns by position). Fields added by a later
 * migration are nullable: older runs keep NULL there.
 */
export const RESULT_FIELDS = [
  field('underlying', 'text', false, 'quote'),
  field('tradingsymbol', 'text', false, 'quote'),
  field('instrumentToken', 'int', false, 'quote'),
  field('exchange', 'text', false, 'quote'),
  choice('optionType', OPTION_TYPES, false, 'quote'),
  field('strike', 'real', false, 'quote', '₹'),
  field('expiry', 'text', false, 'quote'),
  field('lotSize', 'int', false, 'quote', 'qty'),
  field('daysToExpiry', 'real', false, 'quote', 'days'),
  field('spot', 'real', false, 'quote', '₹'),
  field('bid', 'real', true, 'quote', '₹'),
  field('ask', 'real', true, 'quote', '₹'),
  field('lastPrice', 'real', true, 'quote', '₹'),
  field('premium', 'real', true, 'metric', '₹'),
  choice('premiumSource', PREMIUM_SOURCES, false, 'metric'),
  field('volume', 'int', false, 'quote', 'qty'),
  field('oi', 'int', false, 'quote', 'qty'),
  field('otmPct', 'real', false, 'metric', '%'),
  field('yieldPct', 'real', true, 'metric', '%'),
  field('annualizedYieldPct', 'real', true, 'metric', '%'),
  field('breakeven', 'real', true, 'metric', '₹'),
  field('premiumPerLot', 'real', true, 'metric', '₹'),
  field('spreadPct', 'real', true, 'metric', '%'),
  field('iv', 'real', true, 'metric', '%'),
  field('delta', 'real', true, 'metric'),
  field('passesFilters', 'bool', false, 'filter'),
  field('filterReason', 'text', true, 'filter'),
  field('quoteTime', 'text', true, 'quote'),
  // Migration 002: the seller's numbers (Black-76 on the forward, risk, margin).
  field('forward', 'real', true, 'quote', '₹'),
  choice('forwardSource', FORWARD_SOURCES, true, 'quote'),
  field('stale', 'bool', true, 'metric'),
  field('extrinsic', 'real', true, 'metric', '₹'),
  field('nakedBreakeven', 'real', true, 'metric', '₹'),
  field('probOtmPct', 'real', true, 'metric', '%'),
  field('probProfitPct', 'real', true, 'metric', '%'),
  field('expectedMove', 'real', true, 'metric', '₹'),
  field('strikeSigmas', 'real', true, 'metric', 'σ'),
  field('oiLots', 'real', true, 'metric', 'lots'),
  field('volumeLots', 'real', true, 'metric', 'lots'),
  field('marginPerLot', 'real', true, 'margin', '₹'),
  field('romPct', 'real', true, 'margin', '%'),
  field('annualizedRomPct', 'real', true, 'margin', '%'),
] as const;

export type ResultField = (typeof RESULT_FIELDS)[number];
export type ResultKey = ResultField['key'];

type ValueOf<F extends FieldSpec> = F['kind'] extends 'text'
  ? string
  : F['kind'] extends 'bool'
    ? boolean
    : F['kind'] extends 'enum'
      ? F['values'][number]
      : number;
export type FieldValue<F extends FieldSpec> = F['nullable'] extends true
  ? ValueOf<F> | null
  : ValueOf<F>;

/**
 * One option row. Prices are rupees, percentages percent (12.5 means 12.5 %), `iv` annualized
 * percent, `delta` unitless (−1 … 1), quantities in units of the underlying as Kite reports them
 * unless the unit says lots.
 */
export type ResultRow = { readonly [F in ResultField as F['key']]: FieldValue<F> };
export type OptionType = ResultRow['optionType'];
export type PremiumSource = ResultRow['premiumSource'];

/**
 * Column storage of one field: numbers in Float64Array (NaN = no value), flags in Uint8Array
 * (1 true, 0 false, NO_FLAG = no value in a nullable flag).
 */
type ColumnOf<F extends FieldSpec> = F['kind'] extends 'int' | 'real'
  ? Float64Array
  : F['kind'] extends 'bool'
    ? Uint8Array
    : readonly FieldValue<F>[];

/**
 * The same rows by column, as pool tasks produce them (typed arrays cross threads cheaply and can
 * be transferred). Numeric columns are Float64Array (Kite tokens and index volumes exceed 2^31);
 * NaN means "no value" and is stored as NULL. Every column holds at least `length` entries.
 */
export type ResultBatch = { readonly length: number } & {
  readonly [F in ResultField as F['key']]: ColumnOf<F>;
};

/** Fields each origin fills (the pool task, the filters, the margin step). */
export type ResultKeyOf<O extends FieldOrigin> = Extract<ResultField, { origin: O }>['key'];

/**
 * What the per-row formulas return: every `metric` field, numbers as plain numbers (NaN = no
 * value), flags as booleans.
 */
export type OptionMetrics = {
  readonly [F in Extract<ResultField, { origin: 'metric' }> as F['key']]: ValueOf<F>;
};

export function fieldsOf<O extends FieldOrigin>(origin: O): readonly ResultField[] {
  return RESULT_FIELDS.filter((spec) => spec.origin === origin);
}

/** A nullable flag's "no value" in its Uint8Array column. */
export const NO_FLAG = 2;

type NumericField = Extract<ResultField, { kind: 'int' | 'real' }>;
export type ResultNumericKey = NumericField['key'];

/* --- derived lists ------------------------------------------------------------------------ */

const isNumeric = (spec: FieldSpec): boolean => spec.kind === 'int' || spec.kind === 'real';

/** Numeric columns a range filter may apply to (every number a trader reads; not the token). */
export const RESULT_RANGE_COLUMNS = RESULT_FIELDS.filter(
  (spec) => isNumeric(spec) && spec.key !== 'instrumentToken',
).map((spec) => spec.key) as unknown as readonly [
  Exclude<ResultNumericKey, 'instrumentToken'>,
  ...Exclude<ResultNumericKey, 'instrumentToken'>[],
];
export type ResultRangeColumn = (typeof RESULT_RANGE_COLUMNS)[number];

/** Columns the results screen may sort by (a whitelist: user strings never reach SQL). */
export const RESULT_SORT_COLUMNS = [
  ...RESULT_RANGE_COLUMNS,
  'underlying',
  'tradingsymbol',
  'expiry',
] as const;
export type ResultSortColumn = (typeof RESULT_SORT_COLUMNS)[number];
