/**
 * The window's security policy as plain data and pure functions (no electron import), so it is
 * unit-tested under Node and applied by the shell.
 */

/** The scheme and host the app page is served from (a privileged custom protocol, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'premia';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The only sites Premia opens in the system browser: Zerodha's login and docs, over https. */
const EXTERNAL_HOSTS = new Set([
  'kite.zerodha.com',
  'kite.trade',
  'developers.kite.trade',
  'zerodha.com',
  'support.zerodha.com',
]);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      EXTERNAL_HOSTS.has(parsed.hostname)
    );
  } catch {
    return false;
  }
}

/** True for the app's own page (or the dev server in development); everything else is foreign. */
export function isAppUrl(url: string, devServerOrigin: string | null): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
    return devServerOrigin !== null && parsed.origin === devServerOrigin;
  } catch {
    return false;
  }
}

/**
 * Maps an app:// request path to a file inside the renderer folder, or null when the path tries to
 * leave it (../, encoded separators, absolute paths).
 */
export function resolveAppPath(
  rendererDir: string,
  requestUrl: string,
  join: (...parts: string[]) => string,
): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (
    segments.some(
      (segment) =>
        segment === '..' || segment === '.' || segment.includes('\\') || segment.includes('\0'),
    )
  ) {
    return null;
  }
  return join(rendererDir, ...segments);
}
