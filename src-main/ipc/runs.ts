import { ok } from '../../src-preload/contract';
import { toRunId } from '../storage/records';
import type { ResultQuery } from '../storage/results-query';
import type { Storage } from '../storage/storage';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** Past runs, read from the profile's own database: works with no broker connection. */
export function registerRunHandlers(router: Router, storage: Storage, window: WindowSession): void {
  router.handle('runs', 'list', async (input) => {
    const page = await storage.listRuns(window.requireUnlocked(), {
      limit: input.limit,
      ...(input.before === null ? {} : { before: input.before }),
    });
    return ok(page);
  });
  router.handle('runs', 'get', async (input) =>
    ok(await storage.getRun(window.requireUnlocked(), toRunId(input.runId))),
  );
  router.handle('runs', 'results', async (input) => {
    // Storage checks sort and range columns against its whitelist (BAD_INPUT otherwise).
    const page = await storage.queryResults(window.requireUnlocked(), input as ResultQuery);
    return ok(page);
  });
  router.handle('runs', 'export', async (input) =>
    ok(await storage.exportRun(window.requireUnlocked(), toRunId(input.runId), input.format)),
  );
  router.handle('runs', 'delete', async (input) =>
    ok(await storage.deleteRun(window.requireUnlocked(), toRunId(input.runId))),
  );
}
