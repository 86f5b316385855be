import { ok } from '../../src-preload/contract';
import type { ScanService } from '../scan/scan-service';
import { toRunId } from '../storage/records';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/** Scans act on the window's active, unlocked profile only. */
export function registerScanHandlers(
  router: Router,
  scans: ScanService,
  window: WindowSession,
): void {
  router.handle('scans', 'start', async (input) => {
    const profileId = window.requireUnlocked();
    const { runId } = await scans.start(profileId, {
      symbols: input.symbols,
      watchlist: input.watchlist,
      expiry: input.expiry,
      filters: input.filters,
      model: input.model,
    });
    return ok({ runId });
  });
  router.handle('scans', 'cancel', (input) =>
    ok({ cancelled: scans.cancel(window.requireUnlocked(), toRunId(input.runId)) }),
  );
  router.handle('scans', 'active', () => ok(scans.active(window.requireUnlocked())));
  router.handle('scans', 'universe', async () =>
    ok(await scans.universe(window.requireUnlocked())),
  );
  router.handle('scans', 'expiries', async (input) =>
    ok(await scans.expiries(window.requireUnlocked(), input.underlyings)),
  );
  router.handle('scans', 'matchSymbols', async (input) =>
    ok(await scans.matchSymbols(window.requireUnlocked(), input.symbols)),
  );
  router.handle('scans', 'saveWatchlist', async (input) => {
    await scans.saveWatchlist(window.requireUnlocked(), input.name, input.symbols);
    return ok({ saved: true as const });
  });
  router.handle('scans', 'deleteWatchlist', async (input) =>
    ok({ deleted: await scans.deleteWatchlist(window.requireUnlocked(), input.name) }),
  );
  router.handle('scans', 'filterPresets', async () =>
    ok(await scans.filterPresets.list(window.requireUnlocked())),
  );
  router.handle('scans', 'saveFilterPreset', async (input) => {
    await scans.filterPresets.save(window.requireUnlocked(), input.name, input.filters);
    return ok({ saved: true as const });
  });
  router.handle('scans', 'deleteFilterPreset', async (input) =>
    ok({ deleted: await scans.filterPresets.delete(window.requireUnlocked(), input.name) }),
  );
  router.handle('scans', 'refreshInstruments', async () =>
    ok(await scans.refreshInstruments(window.requireUnlocked())),
  );
}
