import { ok } from '../../src-preload/contract';
import type { Vault } from '../vault/vault';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

export function registerSessionHandlers(router: Router, vault: Vault, window: WindowSession): void {
  router.handle('session', 'status', async () => ok(await window.status()));
  router.handle('session', 'login', async (input, sender) => {
    await window.login(input.profileId, input.password, sender.windowId);
    return ok(await window.status());
  });
  router.handle('session', 'logout', async () => {
    await window.logout();
    return ok(await window.status());
  });
  router.handle('session', 'lock', async () => {
    await window.lock();
    return ok(await window.status());
  });
  router.handle('session', 'unlock', async (input, sender) => {
    await window.unlock(input.password, sender.windowId);
    return ok(await window.status());
  });
  router.handle('session', 'setAutoLock', async (input) => {
    await vault.profiles.setAutoLock(window.requireUnlocked(), input.minutes);
    return ok(await window.status());
  });
  router.handle('session', 'changePassword', async (input) => {
    await vault.profiles.changePassword(
      window.requireUnlocked(),
      input.currentPassword,
      input.newPassword,
      { rotateDataKey: input.rotateDataKey },
    );
    return ok({ changed: true as const });
  });
}
