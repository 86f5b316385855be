import { z } from 'zod';
import {
  DEFAULT_KITE_API_ROOT,
  type CredentialsView,
  type TokenStatus,
} from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';

/**
 * What a profile's sealed blob holds once opened. It exists in plaintext only in main-process
 * memory, for as long as one operation needs it.
 */
export const StoredCredentialsSchema = z.object({
  apiKey: z.string().nullable(),
  apiSecret: z.string().nullable(),
  accessToken: z.string().nullable(),
  tokenSetAt: z.string().nullable(),
  tokenExpiresAt: z.string().nullable(),
  apiRoot: z.string(),
});
export type StoredCredentials = z.infer<typeof StoredCredentialsSchema>;

export const EMPTY_CREDENTIALS: StoredCredentials = {
  apiKey: null,
  apiSecret: null,
  accessToken: null,
  tokenSetAt: null,
  tokenExpiresAt: null,
  apiRoot: DEFAULT_KITE_API_ROOT,
};

/** What the Kite client gets from vault.brokerCredentials(): plaintext, main process only. */
export interface BrokerCredentials {
  readonly apiKey: string;
  readonly apiSecret: string | null;
  readonly accessToken: string | null;
  readonly tokenSetAt: string | null;
  readonly tokenExpiresAt: string | null;
  readonly apiRoot: string;
  readonly token: TokenStatus;
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const SIX_HOURS_MS = 6 * 60 * 60_000;

/**
 * Kite flushes every access token at 06:00 IST. A token set during the trading day therefore
 * lives until 06:00 IST the next day; one set between midnight and 06:00 IST lives only until
 * 06:00 that same morning. Both are "the next 06:00 IST after it was set". IST has no DST.
 */
export function tokenExpiryFor(setAt: Date): Date {
  const istMs = setAt.getTime() + IST_OFFSET_MS;
  const istMidnight = Math.floor(istMs / DAY_MS) * DAY_MS;
  let expiryIst = istMidnight + SIX_HOURS_MS;
  if (expiryIst <= istMs) expiryIst += DAY_MS;
  return new Date(expiryIst - IST_OFFSET_MS);
}

export function tokenStatusOf(
  stored: StoredCredentials,
  markedExpiredAt: string | null,
  now: Date,
): TokenStatus {
  if (stored.accessToken === null || stored.tokenSetAt === null) return { status: 'missing' };
  const expiresAt =
    stored.tokenExpiresAt ?? tokenExpiryFor(new Date(stored.tokenSetAt)).toISOString();
  if (markedExpiredAt !== null && Date.parse(markedExpiredAt) < Date.parse(expiresAt)) {
    return { status: 'expired', setAt: stored.tokenSetAt, expiredAt: markedExpiredAt };
  }
  if (now.getTime() >= Date.parse(expiresAt)) {
    return { status: 'expired', setAt: stored.tokenSetAt, expiredAt: expiresAt };
  }
  return { status: 'valid', setAt: stored.tokenSetAt, expiresAt };
}

/** `••••abcd`: enough to recognise which key is saved, not enough to use it. */
export function maskSecret(value: string | null): string | null {
  if (value === null) return null;
  return value.length <= 4 ? '••••' : `••••${value.slice(-4)}`;
}

export function credentialsView(
  stored: StoredCredentials | null,
  storedIn: CredentialsView['storedIn'],
  markedExpiredAt: string | null,
  now: Date,
): CredentialsView {
  const current = stored ?? EMPTY_CREDENTIALS;
  return {
    apiKey: maskSecret(current.apiKey),
    apiSecret: maskSecret(current.apiSecret),
    accessToken: maskSecret(current.accessToken),
    apiRoot: current.apiRoot,
    token: tokenStatusOf(current, markedExpiredAt, now),
    storedIn: stored === null ? 'none' : storedIn,
    usesSimulator: current.apiKey === null,
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Kite's own address, or this machine (a test server); nothing else may receive the token. */
export function isAllowedApiRoot(root: string): boolean {
  if (root === DEFAULT_KITE_API_ROOT) return true;
  try {
    const url = new URL(root);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * Kite's API root, or a loopback server for testing (http allowed there). Any other host is
 * refused: the access token travels in a header to whatever address this is.
 */
export function normalizeApiRoot(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserFacingError(
      'BAD_INPUT',
      `"${raw}" is not a web address (e.g. ${DEFAULT_KITE_API_ROOT}).`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new UserFacingError(
      'BAD_INPUT',
      'The Kite API root cannot carry a login, query or fragment.',
    );
  }
  const root = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  if (!isAllowedApiRoot(root)) {
    throw new UserFacingError(
      'BAD_INPUT',
      `The Kite API root must be ${DEFAULT_KITE_API_ROOT}, or a server on this machine (127.0.0.1, localhost or [::1]) for testing.`,
    );
  }
  return root;
}
