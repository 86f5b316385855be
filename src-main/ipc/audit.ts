import { ok } from '../../src-preload/contract';
import type { Vault } from '../vault/vault';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

export function registerAuditHandlers(router: Router, vault: Vault, window: WindowSession): void {
  router.handle('audit', 'list', async (input) =>
    ok(await vault.auditEntries(window.requireUnlocked(), input ?? { limit: 100 })),
  );
}
