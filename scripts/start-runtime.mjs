// Whether this Node can run `npm start`. Electron 41's own package, its download (@electron/get)
// and its native-module rebuild (@electron/rebuild) all declare `engines.node >= 22.12.0`; on an
// older Node they fail deep inside with errors that do not say so. The requirement is read from
// the installed tools themselves, so it follows them when Electron is upgraded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The tools `npm start` runs under this Node. */
export const START_TOOLS = ['electron', '@electron/get', '@electron/rebuild'];

/** [major, minor, patch] of "v22.12.0", "22.12" or ">= 22.12.0". */
function parts(version) {
  const numbers = version.replace(/^[^0-9]*/, '').split('.');
  return [0, 1, 2].map((i) => Number.parseInt(numbers[i] ?? '0', 10) || 0);
}

function atLeast(version, minimum) {
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] > need[i];
  return true;
}

/** The installed tools' `engines.node` ranges; a tool that is not installed is left out. */
export function installedRequirements(resolve = require.resolve) {
  const requirements = [];
  for (const name of START_TOOLS) {
    try {
      const manifest = JSON.parse(readFileSync(resolve(`${name}/package.json`), 'utf8'));
      if (typeof manifest.engines?.node === 'string') {
        requirements.push({ tool: name, range: manifest.engines.node });
      }
    } catch {
      // Not installed: `npm start` says so itself, later.
    }
  }
  return requirements;
}

/**
 * Lines explaining why this Node cannot run `npm start`, or null when it can. Only the plain
 * `>= X.Y.Z` form is judged; any other range is left to the tool that declared it.
 */
export function startRuntimeProblem(nodeVersion, requirements) {
  const unmet = requirements.filter(({ range }) => {
    const minimum = /^\s*>=\s*(\d+(?:\.\d+){0,2})\s*$/.exec(range)?.[1];
    return minimum !== undefined && !atLeast(nodeVersion, minimum);
  });
  if (unmet.length === 0) return null;
  const needed = unmet.map(({ tool, range }) => `${tool} needs Node ${range.replace(/\s+/g, ' ')}`);
  return [
    `\`npm start\` needs a newer Node than this one (${nodeVersion}): ${needed.join(', ')}.`,
    'Electron 41 downloads and rebuilds its native modules with tools that refuse older Node versions.',
    'Install Node 24 (or 22.12 or newer) and run `npm start` with it; it rebuilds the native modules',
    'for Electron (`npm run rebuild:node` switches them back to the Node you run the CLI and tests with).',
    'The rest of Premia works on this Node: `npm run demo`, `npm run premia -- <command>`, `npm test`.',
  ];
}
