import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { RegistryStore } from './registry';

/**
 * The registry's store outside Electron: one JSON object in one file, in electron-store's format
 * (conf's: tab-indented JSON, mode 0600), so the app and the CLI read each other's writes.
 *
 * It replaces conf under Node because conf loads ajv, semver and a dozen helpers (~60 ms of every
 * `premia` command's start) for features the registry does not use: it has its own schema, its
 * own lock (Registry) and its own backup (registry-file.ts). Like conf, every get reads the file,
 * so a change made by another process is seen at once; every set replaces the file through a
 * temporary file and a rename, so a crash leaves the old registry or the new one, never half.
 */
export class JsonFileStore implements RegistryStore {
  constructor(readonly path: string) {}

  get(key: string): unknown {
    const document = this.read();
    return Object.hasOwn(document, key) ? document[key] : undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined)
      throw new TypeError(`The registry cannot store undefined at "${key}".`);
    const document = this.read();
    document[key] = value;
    this.write(document);
  }

  private read(): Record<string, unknown> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return Object.create(null) as Record<string, unknown>;
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new SyntaxError(`${this.path} does not hold a JSON object.`);
    }
    return Object.assign(Object.create(null) as Record<string, unknown>, parsed);
  }

  private write(document: Record<string, unknown>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(document, undefined, '\t'));
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(temporary, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(temporary, this.path);
  }
}
