import { z } from 'zod';
import { method } from '../define';

export const KiteAccountSchema = z.object({
  source: z.enum(['simulator', 'kite']),
  userId: z.string(),
  userName: z.string(),
  exchanges: z.array(z.string()).readonly(),
});
export type KiteAccount = z.infer<typeof KiteAccountSchema>;

export const DEFAULT_KITE_REDIRECT_PORT = 5055;

/** Connecting the active profile to Kite: the browser login, a pasted request_token, a test call. */
export const kiteDomain = {
  /**
   * Opens Kite's login page in the system browser and waits (up to 3 minutes) for Kite to
   * redirect to http://127.0.0.1:<port>/kite/callback; the port must match the Kite app's
   * registered redirect URL. Premia never sees the Kite password or TOTP.
   */
  login: method(
    z
      .object({ port: z.number().int().min(1024).max(65_535).default(DEFAULT_KITE_REDIRECT_PORT) })
      .default({
        port: DEFAULT_KITE_REDIRECT_PORT,
      }),
    KiteAccountSchema,
  ),
  /** A request_token pasted by hand: the token itself or the whole redirect URL. */
  exchangeRequestToken: method(
    z.object({ requestToken: z.string().min(1).max(2048) }),
    KiteAccountSchema,
  ),
  /** Who the profile's broker says the trader is: proves the credentials work. */
  testConnection: method(z.undefined(), KiteAccountSchema),
};
