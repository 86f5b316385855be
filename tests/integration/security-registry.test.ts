import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../src-preload/contract';
import { call, premiaScope, STRONG, value } from '../support/vault-fixtures';

const { setup } = premiaScope();

interface RegistryFile {
  profiles: { kdf: { N: number; r: number; p: number } }[];
}

describe('attack: a tampered registry asks for a ruinous key derivation', () => {
  it('refuses scrypt settings Premia never uses, before deriving anything', async () => {
    const { dir, open, premia } = await setup();
    const asha = await value<ProfileSummary>(premia, 'profiles.create', {
      name: 'Asha',
      password: STRONG,
    });
    await premia.close();
    const path = join(dir, 'registry.json');
    const original = readFileSync(path, 'utf8');
    // A cheap unknown set first (r=16), then the ruinous one: N=2^22 is 4 GiB of scrypt per guess.
    const tampers: [Partial<RegistryFile['profiles'][number]['kdf']>, string][] = [
      [{ r: 16 }, '(scrypt N=4096, r=16, p=1)'],
      [{ N: 2 ** 22 }, '(scrypt N=4194304, r=8, p=1)'],
    ];
    for (const [change, named] of tampers) {
      const registry = JSON.parse(original) as RegistryFile;
      const entry = registry.profiles[0];
      if (entry === undefined) throw new Error('no profile in the registry');
      Object.assign(entry.kdf, change);
      writeFileSync(path, JSON.stringify(registry));
      const reopened = await open();
      const result = await call(reopened, 'session.login', {
        profileId: asha.id,
        password: STRONG,
      });
      await reopened.close();
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('STORAGE_CORRUPT');
        expect(result.error.message).toContain(`not ones Premia uses ${named}`);
      }
    }
  });
});
