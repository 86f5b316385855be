import { ok } from '../../src-preload/contract';
import type { AgentService } from '../agents';
import type { WindowSession } from '../vault/window-session';
import type { Router } from './router';

/**
 * The window's active profile's agents and alerts. Every id is looked up in that profile's own
 * database by the service, so a hostile window can name only its own profile's agents.
 */
export function registerAgentHandlers(
  router: Router,
  agents: AgentService,
  window: WindowSession,
): void {
  router.handle('agents', 'list', async () => ok(await agents.list(window.requireUnlocked())));
  router.handle('agents', 'add', async (input) =>
    ok({ id: await agents.add(window.requireUnlocked(), input.agent) }),
  );
  router.handle('agents', 'update', async (input) => {
    await agents.update(window.requireUnlocked(), input.id, input.agent);
    return ok({ id: input.id });
  });
  router.handle('agents', 'remove', async (input) => {
    await agents.remove(window.requireUnlocked(), input.id);
    return ok({ removed: true });
  });
  router.handle('agents', 'setPaused', async (input) => {
    await agents.setPaused(window.requireUnlocked(), input.id, input.paused);
    return ok({ id: input.id });
  });
  router.handle('agents', 'runNow', async (input) => {
    const report = await agents.runNow(window.requireUnlocked(), input.id);
    return ok({ ...report, alertsRaised: report.alertIds.length });
  });
  router.handle('agents', 'alerts', async (input) =>
    ok(await agents.alerts(window.requireUnlocked(), input)),
  );
  router.handle('agents', 'markRead', async (input) =>
    ok({ changed: await agents.markRead(window.requireUnlocked(), input.ids, input.read) }),
  );
}
