import { access, constants, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AppInfo, HealthCheck } from '../../src-preload/contract';
import { diskSpace, formatBytes } from '../storage/disk';
import type { Keychain } from '../vault/keychain';
import { checkNativeModules, type NativeModuleStatus } from './native-modules';
import { checkNodeRuntime, type RuntimeVersions } from './node-runtime';

/** Below this much free space a scan could fail half-way: health says so before it happens. */
export const LOW_DISK_BYTES = 200 * 1024 * 1024;

/** Checks whose failure is a permanent warning, not a broken installation. */
const DEGRADING_CHECKS = new Set([
  'keychain',
  'credentials-in-registry',
  'registry-recovered',
  'log-file',
]);

export interface AppServiceDeps {
  readonly dataDir: string;
  readonly version: string;
  readonly runtime: AppInfo['runtime'];
  readonly keychain: Keychain;
  /** Where the app's log is written (absent or null: only to a stream, as in some tests). */
  readonly logFile?: string | null;
  /** Checks other services add (vault: registry recovery, credentials kept in the registry). */
  readonly extraChecks?: () => Promise<HealthCheck[]> | HealthCheck[];
  /** Loads the native modules (tests pass one that finds keytar missing). */
  readonly nativeModules?: () => NativeModuleStatus[];
  /** The runtime to judge (tests pass other versions); this process's by default. */
  readonly runtimeVersions?: RuntimeVersions;
}

export class AppService {
  constructor(private readonly deps: AppServiceDeps) {}

  info(): AppInfo {
    return {
      name: 'Premia',
      version: this.deps.version,
      runtime: this.deps.runtime,
      platform: `${process.platform}-${process.arch}`,
    };
  }

  dataDirectory(): string {
    return this.deps.dataDir;
  }

  logFile(): string | null {
    return this.deps.logFile ?? null;
  }

  async health(): Promise<{ ok: boolean; checks: HealthCheck[] }> {
    const checks: HealthCheck[] = [];
    checks.push(await this.checkDataDir());
    checks.push(await this.checkDisk());
    checks.push(await this.checkLogFile());
    const keychain = await this.deps.keychain.probe();
    checks.push({
      name: 'keychain',
      ok: keychain.available,
      detail: keychain.available
        ? keychain.detail
        : `${keychain.detail}. Credentials will be sealed and kept in the registry instead.`,
    });
    checks.push(...((await this.deps.extraChecks?.()) ?? []));
    const degrading = new Set(DEGRADING_CHECKS);
    const runtime = checkNodeRuntime(this.deps.runtimeVersions ?? process.versions);
    checks.push(runtime.check);
    if (runtime.degrading) degrading.add(runtime.check.name);
    for (const module of (this.deps.nativeModules ?? checkNativeModules)()) {
      checks.push({ name: `native:${module.name}`, ok: module.loads, detail: module.detail });
      // An optional module left out at install (keytar) means the registry fallback, not a failure.
      if (module.optionalMissing === true) degrading.add(`native:${module.name}`);
    }
    // These degrade Premia but do not stop it; everything else must pass.
    const ok = checks.every((check) => check.ok || degrading.has(check.name));
    return { ok, checks };
  }

  private async checkDataDir(): Promise<HealthCheck> {
    try {
      await mkdir(this.deps.dataDir, { recursive: true });
      await access(this.deps.dataDir, constants.W_OK);
      return { name: 'data-directory', ok: true, detail: `${this.deps.dataDir} is writable` };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        name: 'data-directory',
        ok: false,
        detail: `${this.deps.dataDir} cannot be written: ${reason}`,
      };
    }
  }

  /** A "details are in the log" message is only useful if the log can be written. */
  private async checkLogFile(): Promise<HealthCheck> {
    const file = this.deps.logFile ?? null;
    if (file === null)
      return { name: 'log-file', ok: true, detail: 'logs go to the terminal only' };
    try {
      await mkdir(dirname(file), { recursive: true });
      await access(dirname(file), constants.W_OK);
      return { name: 'log-file', ok: true, detail: `${file} (rotated by size and day)` };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { name: 'log-file', ok: false, detail: `${file} cannot be written: ${reason}` };
    }
  }

  private async checkDisk(): Promise<HealthCheck> {
    try {
      const space = await diskSpace(this.deps.dataDir);
      const ok = space.freeBytes >= LOW_DISK_BYTES;
      return {
        name: 'disk-space',
        ok,
        detail: `${formatBytes(space.freeBytes)} free of ${formatBytes(space.totalBytes)}${ok ? '' : ' — too little for scans'}`,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { name: 'disk-space', ok: false, detail: `free space unknown: ${reason}` };
    }
  }
}
