import { z } from 'zod';
import { method } from '../define';
import { RunSummarySchema } from './runs';

const RunIdSchema = z.number().int().positive();
const nullableNumber = z.number().nullable();

/** One strike of an underlying in two runs: its annualized yield then and now. */
export const StrikeChangeSchema = z.object({
  underlying: z.string(),
  optionType: z.enum(['CE', 'PE']),
  strike: z.number(),
  before: nullableNumber,
  after: nullableNumber,
  /** after − before in percentage points; null unless both runs priced the strike. */
  change: nullableNumber,
});
export type StrikeChangeView = z.infer<typeof StrikeChangeSchema>;

export const RunComparisonSchema = z.object({
  before: RunSummarySchema,
  after: RunSummarySchema,
  underlying: z.string(),
  /** Underlyings both runs scanned, alphabetically: the choices for another comparison. */
  underlyings: z.array(z.string()).readonly(),
  /** The expiry each run is compared on (its nearest for the underlying), if it had rows. */
  beforeExpiry: z.string().nullable(),
  afterExpiry: z.string().nullable(),
  /** Every strike either run kept, by side then strike: no cap. */
  changes: z.array(StrikeChangeSchema).readonly(),
});
export type RunComparisonView = z.infer<typeof RunComparisonSchema>;

/** Comparing two runs of this profile, computed in main over all their rows. */
export const compareDomain = {
  runs: method(
    z.object({
      beforeRunId: RunIdSchema,
      afterRunId: RunIdSchema,
      /** Defaults to the first underlying both runs scanned. */
      underlying: z.string().min(1).max(64).optional(),
    }),
    RunComparisonSchema,
  ),
};
