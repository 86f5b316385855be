import { ok } from '../../src-preload/contract';
import type { JournalService } from '../journal';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

const SYNC_WAIT_MS = 60_000;

/**
 * The active profile's journal. Imports take file contents the renderer read through a file
 * input, never a path: a hostile renderer can hand over bytes it already has, and nothing more.
 */
export function registerJournalHandlers(
  router: Router,
  journal: JournalService,
  window: WindowSession,
): void {
  router.handle('journal', 'import', async (input) =>
    ok(await journal.importFiles(window.requireUnlocked(), input.files, input.preview)),
  );
  router.handle('journal', 'sync', async () =>
    ok(await journal.sync(window.requireUnlocked(), AbortSignal.timeout(SYNC_WAIT_MS))),
  );
  router.handle('journal', 'trades', async (input) =>
    ok(await journal.trades(window.requireUnlocked(), input.filter, input.limit, input.offset)),
  );
  router.handle('journal', 'summary', async (input) =>
    ok(await journal.summary(window.requireUnlocked(), input)),
  );
  router.handle('journal', 'suggestedVsRealized', async (input) =>
    ok(await journal.suggestedVsRealized(window.requireUnlocked(), input)),
  );
  router.handle('journal', 'chargeRates', async () =>
    ok(await journal.chargeTableView(window.requireUnlocked())),
  );
  router.handle('journal', 'setChargeRates', async (input) => {
    const profileId = window.requireUnlocked();
    await journal.setChargeTable(profileId, input.rows);
    return ok(await journal.chargeTableView(profileId));
  });
  router.handle('journal', 'setSettlement', async (input) => {
    const profileId = window.requireUnlocked();
    await journal.setSettlement(profileId, input.underlying, input.expiry, input.closePrice);
    return ok(null);
  });
}
