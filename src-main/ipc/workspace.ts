import { ok } from '../../src-preload/contract';
import type { WorkspaceService } from '../app/workspace-service';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** The window's active profile's workspace; every profile's sizes for the owner. */
export function registerWorkspaceHandlers(
  router: Router,
  workspace: WorkspaceService,
  window: WindowSession,
): void {
  router.handle('workspace', 'usage', async () =>
    ok(await workspace.usage(window.requireUnlocked())),
  );
  router.handle('workspace', 'usageAll', async () =>
    ok(await workspace.usageAll(window.requireUnlocked())),
  );
  router.handle('workspace', 'backup', async () =>
    ok(await workspace.backup(window.requireUnlocked())),
  );
  router.handle('workspace', 'listBackups', async () =>
    ok(await workspace.listBackups(window.requireUnlocked())),
  );
  router.handle('workspace', 'restore', async (input) =>
    ok(await workspace.restoreBackup(window.requireUnlocked(), input.backupId)),
  );
  router.handle('workspace', 'restoreFromFile', async () =>
    ok(await workspace.restoreFromChosenFile(window.requireUnlocked())),
  );
  router.handle('workspace', 'setRetention', async (input) =>
    ok(await workspace.setRetention(window.requireUnlocked(), input.days)),
  );
}
