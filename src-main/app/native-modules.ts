import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isModuleMissing, KEYTAR_MISSING } from '../vault/keychain';

const require = createRequire(import.meta.url);

export interface NativeModuleStatus {
  readonly name: string;
  readonly loads: boolean;
  /** An optional module that is not installed: Premia works without it (keytar: no OS keychain). */
  readonly optionalMissing?: boolean;
  readonly detail: string;
}

export interface RuntimeAbi {
  /** NODE_MODULE_VERSION of the running process (Node or Electron). */
  readonly runtimeAbi: string;
  readonly runtime: string;
  /** The Electron package installed beside Premia, and the ABI its native modules need. */
  readonly electron: { version: string; abi: string | null; binaryPresent: boolean } | null;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Loads each native module in this process: a module built for another ABI fails here, not later. */
export function checkNativeModules(
  requireModule: (id: string) => unknown = require,
): NativeModuleStatus[] {
  const statuses: NativeModuleStatus[] = [];
  try {
    const Database = requireModule('better-sqlite3') as new (path: string) => {
      prepare(sql: string): { get(): unknown };
      close(): void;
    };
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as version').get() as { version: string };
    db.close();
    statuses.push({ name: 'better-sqlite3', loads: true, detail: `loads; SQLite ${row.version}` });
  } catch (error) {
    statuses.push({ name: 'better-sqlite3', loads: false, detail: firstLine(error) });
  }
  try {
    requireModule('keytar');
    statuses.push({ name: 'keytar', loads: true, detail: 'loads' });
  } catch (error) {
    statuses.push(
      isModuleMissing(error)
        ? {
            name: 'keytar',
            loads: false,
            optionalMissing: true,
            detail: `optional; ${KEYTAR_MISSING}`,
          }
        : { name: 'keytar', loads: false, detail: firstLine(error) },
    );
  }
  return statuses;
}

export function runtimeAbi(): RuntimeAbi {
  const runtime =
    process.versions.electron === undefined
      ? `Node ${process.version}`
      : `Electron ${process.versions.electron}`;
  let electron: RuntimeAbi['electron'] = null;
  try {
    const manifestPath = require.resolve('electron/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    const abiPath = join(dirname(manifestPath), 'abi_version');
    electron = {
      version: manifest.version,
      // The electron package ships its NODE_MODULE_VERSION beside package.json.
      abi: existsSync(abiPath) ? readFileSync(abiPath, 'utf8').trim() : null,
      // path.txt is written only once the Electron binary has been downloaded.
      binaryPresent: existsSync(join(dirname(manifestPath), 'path.txt')),
    };
  } catch {
    electron = null;
  }
  return { runtimeAbi: process.versions.modules, runtime, electron };
}
