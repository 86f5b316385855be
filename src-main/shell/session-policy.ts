import { net, protocol, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../app/logger';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppPath } from './policy';

/** Must run before app 'ready': app:// behaves like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from app://premia/, never a path outside it. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveAppPath(rendererDir, request.url, join) : null;
    if (file === null) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

/** CSP on every response, every permission request denied, no downloads. */
export function hardenSession(logger: Logger): void {
  const appSession = session.defaultSession;
  appSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  appSession.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('shell.permission-denied', { permission });
    callback(false);
  });
  appSession.setPermissionCheckHandler(() => false);
  appSession.on('will-download', (event) => event.preventDefault());
}
