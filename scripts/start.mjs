// `npm start`: build and open the desktop app. The Electron binary is not fetched by `npm install`
// (package.json denies electron's install script so installs work offline); it is fetched here,
// once, when someone actually wants the window. Native modules are rebuilt for Electron's ABI.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { installedRequirements, startRuntimeProblem } from './start-runtime.mjs';

const require = createRequire(import.meta.url);
const MARKER = 'node_modules/.premia-native-runtime';

function fail(lines) {
  console.error(lines.join('\n'));
  process.exit(1);
}

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function binaryPresent(dir) {
  return existsSync(join(dir, 'path.txt')) && existsSync(join(dir, 'dist'));
}

const runtimeProblem = startRuntimeProblem(process.version, installedRequirements());
if (runtimeProblem !== null) fail(runtimeProblem);

const dir = electronDir();
if (dir === null) {
  fail(['The electron package is not installed. Run `npm install` first.']);
}
if (!binaryPresent(dir)) {
  if (process.env.PREMIA_NO_DOWNLOAD !== '1') {
    console.log('Downloading the Electron binary (once)…');
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    spawnSync(process.execPath, [join(dir, 'install.js')], {
      stdio: 'inherit',
      env,
      timeout: 300_000,
    });
  }
  if (!binaryPresent(dir)) {
    fail([
      'Premia cannot open its window: the Electron binary is missing on this machine.',
      "It is fetched from Electron's release server on the first `npm start`; here that was not possible (no internet?).",
      'To get it: on a machine with internet, run `node node_modules/electron/install.js`, or set',
      'ELECTRON_MIRROR / electron_config_cache to a local copy of the Electron zip and run it again.',
      'Everything else works without it: `npm run demo` runs a scan in the terminal, `npm test` runs the tests.',
    ]);
  }
}

const electronAbi = readFileSync(join(dir, 'abi_version'), 'utf8').trim();
const current = existsSync(MARKER)
  ? readFileSync(MARKER, 'utf8').trim()
  : `node-${process.versions.modules}`;
if (current !== `electron-${electronAbi}`) {
  console.log(
    `Rebuilding native modules for Electron (ABI ${electronAbi}); \`npm run rebuild:node\` switches back.`,
  );
  const rebuilt = spawnSync('npx', ['electron-builder', 'install-app-deps'], { stdio: 'inherit' });
  if (rebuilt.status !== 0)
    fail(['Rebuilding better-sqlite3 and keytar for Electron failed (see above).']);
  writeFileSync(MARKER, `electron-${electronAbi}\n`);
}

const built = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (built.status !== 0) fail(['The build failed (see above).']);
const electronBinary = require('electron');
const run = spawnSync(electronBinary, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
