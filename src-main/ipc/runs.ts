import { ok } from '../../src-preload/contract';
import { toRunId } from '../storage/records';
import type { Storage } from '../storage/storage';
import type { AuditLog } from '../vault/audit';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** Past runs, read from the profile's own database: works with no broker connection. */
export function registerRunHandlers(
  router: Router,
  storage: Storage,
  window: WindowSession,
  audit: AuditLog,
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
  router.handle('compare', 'runs', async (input) =>
    ok(
      await storage.compareRuns(window.requireUnlocked(), {
        beforeRunId: toRunId(input.beforeRunId),
        afterRunId: toRunId(input.afterRunId),
        ...(input.underlying === undefined ? {} : { underlying: input.underlying }),
      }),
    ),
  );
  router.handle('runs', 'export', async (input) => {
    const profileId = window.requireUnlocked();
    const exported = await storage.exportRun(profileId, toRunId(input.runId), input.format);
    await audit.record(profileId, {
      action: 'run-exported',
      outcome: 'success',
      detail: `Scan #${input.runId} exported as ${input.format} (${exported.rows} rows).`,
    });
    return ok(exported);
  });
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
