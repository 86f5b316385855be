import { ok } from '../../src-preload/contract';
import type { Vault } from '../vault/vault';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

export function registerProfileHandlers(router: Router, vault: Vault, window: WindowSession): void {
  router.handle('profiles', 'list', () => ok(vault.profiles.list()));
  router.handle('profiles', 'create', async (input) => ok(await vault.profiles.create(input)));
  router.handle('profiles', 'delete', async (input) => {
    // The owner path acts as the window's profile; the password path needs no session at all.
    const authority =
      'password' in input
        ? { password: input.password }
        : { ownerId: window.requireUnlocked(), confirmName: input.ownerConfirmsName };
    await vault.profiles.delete(input.profileId, authority);
    window.current();
    return ok({ deleted: true as const });
  });
  router.handle('profiles', 'setQuotas', async (input) => {
    const quotas = await vault.profiles.setQuotas(
      window.requireUnlocked(),
      input.profileId,
      input.quotas,
    );
    return ok({ profileId: input.profileId, quotas });
  });
  router.handle('profiles', 'rename', async (input) =>
    ok(await vault.profiles.rename(window.requireUnlocked(), input.name)),
  );
}
