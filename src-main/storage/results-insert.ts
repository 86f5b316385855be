import { RESULT_COLUMNS, type ResultBatch, type ResultRow } from './result-row';

export const INSERT_RESULT_SQL = `INSERT INTO results (run_id, ${RESULT_COLUMNS.map(
  (column) => column.column,
).join(', ')}) VALUES (${RESULT_COLUMNS.map(() => '?')
  .concat('?')
  .join(', ')})`;

/** NaN and ±Infinity are "no value": a metric that could not be computed is stored as NULL. */
function orNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}

/**
 * Fills `args` (reused across rows: no allocation per row) with one row's bind values, in
 * RESULT_COLUMNS order after the run id. Written out column by column because this is the
 * hottest loop of a scan; the round trip in storage-writer.test pins every column's place.
 */
export function bindRow(args: unknown[], runId: number, row: ResultRow): void {
  args[0] = runId;
  args[1] = row.underlying;
  args[2] = row.tradingsymbol;
  args[3] = row.instrumentToken;
  args[4] = row.exchange;
  args[5] = row.optionType;
  args[6] = row.strike;
  args[7] = row.expiry;
  args[8] = row.lotSize;
  args[9] = row.daysToExpiry;
  args[10] = row.spot;
  args[11] = orNull(row.bid);
  args[12] = orNull(row.ask);
  args[13] = orNull(row.lastPrice);
  args[14] = orNull(row.premium);
  args[15] = row.premiumSource;
  args[16] = row.volume;
  args[17] = row.oi;
  args[18] = row.otmPct;
  args[19] = orNull(row.yieldPct);
  args[20] = orNull(row.annualizedYieldPct);
  args[21] = orNull(row.breakeven);
  args[22] = orNull(row.premiumPerLot);
  args[23] = orNull(row.spreadPct);
  args[24] = orNull(row.iv);
  args[25] = orNull(row.delta);
  args[26] = row.passesFilters ? 1 : 0;
  args[27] = row.filterReason;
  args[28] = row.quoteTime;
}

/** The same for entry `index` of a columnar batch. */
export function bindColumnar(
  args: unknown[],
  runId: number,
  batch: ResultBatch,
  index: number,
): void {
  args[0] = runId;
  args[1] = batch.underlying[index];
  args[2] = batch.tradingsymbol[index];
  args[3] = batch.instrumentToken[index];
  args[4] = batch.exchange[index];
  args[5] = batch.optionType[index];
  args[6] = batch.strike[index];
  args[7] = batch.expiry[index];
  args[8] = batch.lotSize[index];
  args[9] = batch.daysToExpiry[index];
  args[10] = batch.spot[index];
  args[11] = orNull(batch.bid[index] ?? null);
  args[12] = orNull(batch.ask[index] ?? null);
  args[13] = orNull(batch.lastPrice[index] ?? null);
  args[14] = orNull(batch.premium[index] ?? null);
  args[15] = batch.premiumSource[index];
  args[16] = batch.volume[index];
  args[17] = batch.oi[index];
  args[18] = batch.otmPct[index];
  args[19] = orNull(batch.yieldPct[index] ?? null);
  args[20] = orNull(batch.annualizedYieldPct[index] ?? null);
  args[21] = orNull(batch.breakeven[index] ?? null);
  args[22] = orNull(batch.premiumPerLot[index] ?? null);
  args[23] = orNull(batch.spreadPct[index] ?? null);
  args[24] = orNull(batch.iv[index] ?? null);
  args[25] = orNull(batch.delta[index] ?? null);
  args[26] = batch.passesFilters[index] === 1 ? 1 : 0;
  args[27] = batch.filterReason[index] ?? null;
  args[28] = batch.quoteTime[index] ?? null;
}

/** Rows of a row array or columnar batch in [start, end) that pass the run's filters. */
export function countPassing(
  input: readonly ResultRow[] | ResultBatch,
  start: number,
  end: number,
): number {
  let passing = 0;
  if (Array.isArray(input)) {
    const rows = input as readonly ResultRow[];
    for (let index = start; index < end; index += 1) if (rows[index]?.passesFilters) passing += 1;
  } else {
    const flags = (input as ResultBatch).passesFilters;
    for (let index = start; index < end; index += 1) if (flags[index] === 1) passing += 1;
  }
  return passing;
}
