import { ok } from '../../src-preload/contract';
import type { Vault } from '../vault/vault';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** Always the window's own profile; the outputs are masked (the router strips anything else). */
export function registerCredentialHandlers(
  router: Router,
  vault: Vault,
  window: WindowSession,
): void {
  router.handle('credentials', 'get', async () =>
    ok(await vault.credentials.get(window.requireUnlocked())),
  );
  router.handle('credentials', 'set', async (input) =>
    ok(await vault.credentials.set(window.requireUnlocked(), input)),
  );
  router.handle('credentials', 'setAccessToken', async (input) =>
    ok(await vault.credentials.setAccessToken(window.requireUnlocked(), input.accessToken)),
  );
  router.handle('credentials', 'clear', async () =>
    ok(await vault.credentials.clear(window.requireUnlocked())),
  );
}
