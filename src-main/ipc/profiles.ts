import { ok } from '../../src-preload/contract';
import type { Registry } from '../vault/registry';
import type { Router } from './router';

export function registerProfileHandlers(router: Router, registry: Registry): void {
  router.handle('profiles', 'list', () => ok(registry.listProfiles()));
}
