import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../src-main/vault/json-file-store';

// The app's registry is electron-store, which is conf in an Electron wrapper (same file format,
// same code for reading and writing). The reference here is conf itself, configured as the shell
// configures electron-store: each must read what the other wrote, value for value.
function electronStoreLike(dir: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'registry',
    projectName: 'Premia',
    projectSuffix: '',
    configFileMode: 0o600,
  });
}

const PROFILES = [
  { id: 'p-1', name: 'Asha', lastUsedAt: null, throttle: { consecutiveFailures: 2 } },
];

describe('JsonFileStore (the registry file under Node)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'premia-json-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes what electron-store reads, and reads what it wrote', () => {
    const path = join(dir, 'registry.json');
    const ours = new JsonFileStore(path);
    ours.set('profiles', PROFILES);
    const theirs = electronStoreLike(dir);
    expect(theirs.path).toBe(path);
    expect(theirs.get('profiles')).toEqual(PROFILES);

    theirs.set('lastUsedProfileId', 'p-1');
    theirs.set('windowBounds', { width: 1280, height: 800 });
    expect(ours.get('lastUsedProfileId')).toBe('p-1');
    expect(ours.get('profiles')).toEqual(PROFILES);

    // A key another part of the app owns survives our write untouched.
    ours.set('lastUsedProfileId', null);
    expect(theirs.get('windowBounds')).toEqual({ width: 1280, height: 800 });
    expect(theirs.get('lastUsedProfileId')).toBeNull();
    // Byte for byte the same file conf would have written for the same content.
    const text = readFileSync(path, 'utf8');
    theirs.set('lastUsedProfileId', null);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('keeps the file private to the OS user and leaves no temporary file behind', () => {
    const path = join(dir, 'registry.json');
    new JsonFileStore(path).set('credentialsFallback', { 'p-1': 'sealed' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['registry.json']);
  });

  it('sees a change another process made without being reopened', () => {
    const path = join(dir, 'registry.json');
    const store = new JsonFileStore(path);
    expect(store.get('profiles')).toBeUndefined();
    writeFileSync(path, JSON.stringify({ profiles: PROFILES }));
    expect(store.get('profiles')).toEqual(PROFILES);
  });

  it('refuses a file that is not a JSON object instead of overwriting it', () => {
    const path = join(dir, 'registry.json');
    writeFileSync(path, '[1, 2]');
    const store = new JsonFileStore(path);
    expect(() => store.set('lastUsedProfileId', null)).toThrow(/does not hold a JSON object/);
    expect(readFileSync(path, 'utf8')).toBe('[1, 2]');
    writeFileSync(path, '{"profiles": [');
    expect(() => store.get('profiles')).toThrow(SyntaxError);
  });

  it('does not treat inherited names as stored keys', () => {
    const store = new JsonFileStore(join(dir, 'registry.json'));
    store.set('profiles', []);
    expect(store.get('toString')).toBeUndefined();
    expect(store.get('__proto__')).toBeUndefined();
  });
});
