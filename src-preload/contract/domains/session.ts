import { z } from 'zod';
import { method } from '../define';
import {
  PasswordInputSchema,
  ProfileIdSchema,
  ProfileSummarySchema,
  QuotasSchema,
} from './profiles';

/** Where sealed broker secrets are kept: the OS keychain, or (without one) the registry file. */
export const KeychainModeSchema = z.enum(['os', 'registry-fallback']);
export type KeychainMode = z.infer<typeof KeychainModeSchema>;

export const AUTO_LOCK_MAX_MINUTES = 720;
export const AutoLockMinutesSchema = z.number().int().min(1).max(AUTO_LOCK_MAX_MINUTES);

export const SessionStatusSchema = z.object({
  /** The window's profile; null when nobody is signed in. */
  profile: ProfileSummarySchema.nullable(),
  /** Signed in but the data key is dropped (manual or idle lock): the password unlocks it. */
  locked: z.boolean(),
  keychainMode: KeychainModeSchema,
  /** A sentence about the keychain, shown as a permanent warning in fallback mode. */
  keychainDetail: z.string(),
  autoLockMinutes: AutoLockMinutesSchema.nullable(),
  quotas: QuotasSchema.nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const sessionDomain = {
  status: method(z.undefined(), SessionStatusSchema),
  /** Signs in (another signed-in profile is signed out first: one window, one profile). */
  login: method(
    z.object({ profileId: ProfileIdSchema, password: PasswordInputSchema }),
    SessionStatusSchema,
  ),
  logout: method(z.undefined(), SessionStatusSchema),
  lock: method(z.undefined(), SessionStatusSchema),
  unlock: method(z.object({ password: PasswordInputSchema }), SessionStatusSchema),
  setAutoLock: method(z.object({ minutes: AutoLockMinutesSchema }), SessionStatusSchema),
  /** rotateDataKey (default on): a new data key, secrets re-sealed; old registry copies go stale. */
  changePassword: method(
    z.object({
      currentPassword: PasswordInputSchema,
      newPassword: PasswordInputSchema,
      rotateDataKey: z.boolean().default(true),
    }),
    z.object({ changed: z.literal(true) }),
  ),
};
