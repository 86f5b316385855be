import { ok } from '../../src-preload/contract';
import { toRunId } from '../storage/records';
import type { Storage } from '../storage/storage';
import type { RunExports } from '../app/run-exports';
import type { AuditLog } from '../vault/audit';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** Past runs, read from the profile's own database: works with no broker connection. */
export function registerRunHandlers(
  router: Router,
  storage: Storage,
  window: WindowSession,
  audit: AuditLog,
  exports: RunExports,
): void {
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
    const page = await storage.queryResults(window.requireUnlocked(), input);
    return ok(page);
  });
  router.handle('runs', 'export', async (input) =>
    ok(await exports.export(window.requireUnlocked(), input)),
  );
  router.handle('runs', 'showExport', () =>
    ok({ shown: exports.showLastExport(window.requireUnlocked()) }),
  );
  router.handle('runs', 'chart', async (input) =>
    ok(
      await storage.chartPoints(window.requireUnlocked(), {
        runId: toRunId(input.runId),
        underlying: input.underlying,
        metric: input.metric,
        ...(input.filter === undefined ? {} : { filter: input.filter }),
      }),
    ),
  );
  router.handle('runs', 'expiries', async (input) => ({
    ok: true,
    value: {
      runs: await storage.runExpiries(window.requireUnlocked(), input.runIds.map(toRunId)),
    },
  }));
  router.handle('runs', 'delete', async (input) => {
    const profileId = window.requireUnlocked();
    const deleted = await storage.deleteRun(profileId, toRunId(input.runId));
    await audit.record(profileId, {
      action: 'run-deleted',
      outcome: 'success',
      detail: `Scan #${input.runId} deleted (${deleted.resultsDeleted} rows).`,
    });
    return ok(deleted);
  });
}
