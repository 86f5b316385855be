import { ok } from '../../src-preload/contract';
import type { KiteConnection } from '../app/kite-connection';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** The login waits for a human in a browser; everything else answers within a request timeout. */
const LOGIN_WAIT_MS = 200_000;
const CALL_WAIT_MS = 60_000;

export function registerKiteHandlers(
  router: Router,
  kite: KiteConnection,
  window: WindowSession,
): void {
  router.handle('kite', 'login', async (input) =>
    ok(await kite.login(window.requireUnlocked(), input.port, AbortSignal.timeout(LOGIN_WAIT_MS))),
  );
  router.handle('kite', 'exchangeRequestToken', async (input) =>
    ok(
      await kite.exchangeRequestToken(
        window.requireUnlocked(),
        input.requestToken,
        AbortSignal.timeout(CALL_WAIT_MS),
      ),
    ),
  );
  router.handle('kite', 'testConnection', async () =>
    ok(await kite.testConnection(window.requireUnlocked(), AbortSignal.timeout(CALL_WAIT_MS))),
  );
}
