import { z } from 'zod';
import { method } from '../define';
import { PROFILE_ID_PATTERN } from '../profile-id-pattern';

export const ProfileIdSchema = z
  .string()
  .regex(PROFILE_ID_PATTERN, 'A profile id is 8 to 32 lowercase letters or digits.')
  .brand<'ProfileId'>();
export type ProfileId = z.infer<typeof ProfileIdSchema>;

export const ProfileRoleSchema = z.enum(['owner', 'member']);
export type ProfileRole = z.infer<typeof ProfileRoleSchema>;

export const ProfileSummarySchema = z.object({
  id: ProfileIdSchema,
  name: z.string(),
  role: ProfileRoleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

/** Limits the owner sets per profile, so one member's scans cannot starve the others. */
export const QuotasSchema = z.object({
  maxSymbolsPerScan: z.number().int().min(1).max(10_000),
  maxParallelScans: z.number().int().min(1).max(8),
  workspaceBytes: z
    .number()
    .int()
    .min(64 * 1024 * 1024)
    .max(2 ** 40),
});
export type Quotas = z.infer<typeof QuotasSchema>;

/** Names and passwords are checked in main with sentences for the trader; here only bounds. */
export const ProfileNameInputSchema = z.string().max(400);
export const PasswordInputSchema = z.string().min(1, 'Enter the password.').max(4096);

export const profilesDomain = {
  list: method(z.undefined(), z.array(ProfileSummarySchema)),
  create: method(
    z.object({
      name: ProfileNameInputSchema,
      password: PasswordInputSchema,
      role: ProfileRoleSchema.optional(),
    }),
    ProfileSummarySchema,
  ),
  /**
   * Deleting needs the profile's own password, or the signed-in owner's confirmation (typing the
   * profile's name). Everything of that profile goes: keychain entry, registry entry, workspace.
   */
  delete: method(
    z.union([
      z.object({ profileId: ProfileIdSchema, password: PasswordInputSchema }),
      z.object({ profileId: ProfileIdSchema, ownerConfirmsName: ProfileNameInputSchema }),
    ]),
    z.object({ deleted: z.literal(true) }),
  ),
  /** Owner only. Omitted fields keep their value. */
  setQuotas: method(
    z.object({ profileId: ProfileIdSchema, quotas: QuotasSchema.partial() }),
    z.object({ profileId: ProfileIdSchema, quotas: QuotasSchema }),
  ),
  /** Renames the signed-in profile. */
  rename: method(z.object({ name: ProfileNameInputSchema }), ProfileSummarySchema),
};
