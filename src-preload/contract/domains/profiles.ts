import { z } from 'zod';
import { method } from '../define';

export const ProfileIdSchema = z
  .string()
  .regex(/^[a-z0-9]{8,32}$/, 'A profile id is 8 to 32 lowercase letters or digits.')
  .brand<'ProfileId'>();
export type ProfileId = z.infer<typeof ProfileIdSchema>;

export const ProfileRoleSchema = z.enum(['owner', 'member']);

export const ProfileSummarySchema = z.object({
  id: ProfileIdSchema,
  name: z.string(),
  role: ProfileRoleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

export const profilesDomain = {
  list: method(z.undefined(), z.array(ProfileSummarySchema)),
};
