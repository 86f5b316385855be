import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Premia's own package.json, found by walking up from this file (source tree or build output). */
export function readPackageVersion(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'premia' && typeof manifest.version === 'string')
        return manifest.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Premia could not find its own package.json');
    dir = parent;
  }
}
