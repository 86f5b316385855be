import type { ProfileId } from '../../src-preload/contract';
import { z } from 'zod';
import { ScanModelSchema, type ScanModel } from '../../src-preload/contract/domains/scans';
import { UserFacingError } from '../domain/errors';
import type { Storage } from '../storage/storage';
import { DEFAULT_MIN_TRADING_DAYS } from './expiry-rule';
import { DEFAULT_RISK_FREE_RATE, type PremiumBasis } from './metrics';

/** Profile settings the scan model falls back to when a scan does not say. */
export const RISK_FREE_RATE_SETTING = 'scan.riskFreeRate';
export const MIN_TRADING_DAYS_SETTING = 'scan.minTradingDays';

export type ResolvedScanModel = {
  readonly basis: PremiumBasis;
  /** Continuously compounded, as a fraction (0.055 = 5.5 %). */
  readonly rate: number;
  readonly minTradingDays: number;
};

/** The profile's scan settings, defaults filled in. */
export async function getScanSettings(
  storage: Pick<Storage, 'getSetting'>,
  profileId: ProfileId,
): Promise<{ rate: number; minTradingDays: number }> {
  const { rate, minTradingDays } = await resolveScanModel(storage, profileId, {});
  return { rate, minTradingDays };
}

/** Changes the given scan settings of a profile (the others keep their values). */
export async function setScanSettings(
  storage: Pick<Storage, 'setSetting'>,
  profileId: ProfileId,
  changes: { rate?: number | undefined; minTradingDays?: number | undefined },
): Promise<void> {
  if (changes.rate !== undefined) {
    if (!(changes.rate >= 0 && changes.rate <= 0.5))
      throw new UserFacingError('BAD_INPUT', 'The risk-free rate is between 0 % and 50 %.');
    await storage.setSetting(profileId, RISK_FREE_RATE_SETTING, changes.rate);
  }
  if (changes.minTradingDays !== undefined) {
    if (
      !Number.isInteger(changes.minTradingDays) ||
      changes.minTradingDays < 0 ||
      changes.minTradingDays > 20
    )
      throw new UserFacingError('BAD_INPUT', 'The minimum trading days is a whole number 0–20.');
    await storage.setSetting(profileId, MIN_TRADING_DAYS_SETTING, changes.minTradingDays);
  }
}

/**
 * The scan's own choice, else the profile's setting, else the built-in default (the rate's is
 * documented in README, "Risk-free rate"). Stored with the run, so its numbers can be redone.
 */
export async function resolveScanModel(
  storage: Pick<Storage, 'getSetting'>,
  profileId: ProfileId,
  requested: Partial<ScanModel> | undefined,
  defaultRate: number = DEFAULT_RISK_FREE_RATE,
): Promise<ResolvedScanModel> {
  const model = ScanModelSchema.parse(requested ?? {});
  const rate =
    model.rate ??
    (await storage.getSetting(profileId, RISK_FREE_RATE_SETTING, z.number().min(0).max(0.5))) ??
    defaultRate;
  const minTradingDays =
    model.minTradingDays ??
    (await storage.getSetting(
      profileId,
      MIN_TRADING_DAYS_SETTING,
      z.number().int().min(0).max(20),
    )) ??
    DEFAULT_MIN_TRADING_DAYS;
  return { basis: model.basis, rate, minTradingDays };
}
