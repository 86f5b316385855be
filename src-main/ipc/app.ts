import { ok } from '../../src-preload/contract';
import type { AppService } from '../app/app-service';
import type { Router } from './router';

export function registerAppHandlers(router: Router, app: AppService): void {
  router.handle('app', 'version', () => ok(app.info()));
  router.handle('app', 'dataDirectory', () => ok({ path: app.dataDirectory() }));
  router.handle('app', 'health', async () => ok(await app.health()));
}
