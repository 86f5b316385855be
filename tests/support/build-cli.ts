import { ensureCliBuilt } from '../../scripts/cli-build.mjs';

/**
 * Vitest global setup: the tests that spawn `premia` run the compiled CLI (out/cli), so it is
 * built once here, before any test file starts, instead of by several test processes at once.
 * Cheap when the sources have not changed since the last build.
 */
export default async function setup(): Promise<void> {
  await ensureCliBuilt();
}
