import { ok } from '../../src-preload/contract';
import type { RunExports } from '../app/run-exports';
import type { RunsService } from '../app/runs-service';
import { toRunId } from '../storage/records';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** Past runs of the window's active profile; the rules (unlocked, audited) are the services'. */
export function registerRunHandlers(
  router: Router,
  runs: RunsService,
  window: WindowSession,
  exports: RunExports,
): void {
  router.handle('runs', 'list', async (input) =>
    ok(
      await runs.list(window.requireUnlocked(), {
        limit: input.limit,
        ...(input.before === null ? {} : { before: toRunId(input.before) }),
      }),
    ),
  );
  router.handle('runs', 'get', async (input) =>
    ok(await runs.get(window.requireUnlocked(), toRunId(input.runId))),
  );
  router.handle('runs', 'results', async (input) =>
    ok(await runs.results(window.requireUnlocked(), input)),
  );
  router.handle('runs', 'export', async (input) =>
    ok(await exports.export(window.requireUnlocked(), input)),
  );
  router.handle('runs', 'showExport', () =>
    ok({ shown: exports.showLastExport(window.requireUnlocked()) }),
  );
  router.handle('runs', 'chart', async (input) =>
    ok(
      await runs.chart(window.requireUnlocked(), {
        runId: toRunId(input.runId),
        underlying: input.underlying,
        metric: input.metric,
        ...(input.filter === undefined ? {} : { filter: input.filter }),
      }),
    ),
  );
  router.handle('runs', 'expiries', async (input) =>
    ok({ runs: await runs.expiries(window.requireUnlocked(), input.runIds.map(toRunId)) }),
  );
  router.handle('runs', 'delete', async (input) =>
    ok(await runs.delete(window.requireUnlocked(), toRunId(input.runId))),
  );
  router.handle('compare', 'runs', async (input) =>
    ok(
      await runs.compare(window.requireUnlocked(), {
        beforeRunId: toRunId(input.beforeRunId),
        afterRunId: toRunId(input.afterRunId),
        ...(input.underlying === undefined ? {} : { underlying: input.underlying }),
      }),
    ),
  );
}
