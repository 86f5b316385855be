import { z } from 'zod';
import { method } from '../define';

/**
 * Kite Connect credentials as the renderer may see them: masked (`••••abcd`) and a token status,
 * never a key, secret or token.
 */
export const DEFAULT_KITE_API_ROOT = 'https://api.kite.trade';

export const TokenStatusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('missing') }),
  z.object({ status: z.literal('valid'), setAt: z.string(), expiresAt: z.string() }),
  z.object({ status: z.literal('expired'), setAt: z.string(), expiredAt: z.string() }),
]);
export type TokenStatus = z.infer<typeof TokenStatusSchema>;

export const MaskedSecretSchema = z.string().regex(/^••••.{0,4}$/u, 'masked values only');

export const CredentialsViewSchema = z.object({
  apiKey: MaskedSecretSchema.nullable(),
  apiSecret: MaskedSecretSchema.nullable(),
  accessToken: MaskedSecretSchema.nullable(),
  apiRoot: z.string(),
  token: TokenStatusSchema,
  /** Where the sealed blob lives; 'none' when nothing is saved (the simulator is used). */
  storedIn: z.enum(['os', 'registry-fallback', 'none']),
  usesSimulator: z.boolean(),
});
export type CredentialsView = z.infer<typeof CredentialsViewSchema>;

const apiValue = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{6,256}$/, `${what} is 6 to 256 letters and digits, as Kite shows it.`);

export const ApiKeyInputSchema = apiValue('An API key');
export const ApiSecretInputSchema = apiValue('An API secret');
export const AccessTokenInputSchema = apiValue('An access token');

export const credentialsDomain = {
  get: method(z.undefined(), CredentialsViewSchema),
  /**
   * Omitted fields keep their value; a new API key drops the old access token. Strict: the Kite
   * API root is not the renderer's to change (a hostile page would aim the token at its own
   * server), so a request that names one is refused, not silently trimmed.
   */
  set: method(
    z.strictObject({
      apiKey: ApiKeyInputSchema.optional(),
      apiSecret: ApiSecretInputSchema.optional(),
    }),
    CredentialsViewSchema,
  ),
  setAccessToken: method(z.object({ accessToken: AccessTokenInputSchema }), CredentialsViewSchema),
  clear: method(z.undefined(), CredentialsViewSchema),
};
