import { describe, expect, it } from 'vitest';
import {
  dataKeyAad,
  deriveKek,
  kekCheck,
  kekCheckMatches,
  newDataKey,
  newKdfParams,
  open,
  seal,
  SealError,
} from '../../src-main/vault/crypto';

const CHEAP = { N: 2 ** 12, r: 8, p: 1 };

function flipCharAt(envelope: string, partIndex: number): string {
  const parts = envelope.split('.');
  const part = parts[partIndex] ?? '';
  const first = part[0] === 'A' ? 'B' : 'A';
  parts[partIndex] = first + part.slice(1);
  return parts.join('.');
}

describe('vault crypto', () => {
  it('seals with a fresh IV each time and opens only with the same key and profile id', () => {
    const key = newDataKey();
    const secret = Buffer.from('{"apiSecret":"s3cr3tvalue"}');
    const first = seal(key, secret, 'profileaaaa');
    const second = seal(key, secret, 'profileaaaa');
    expect(first).not.toBe(second);
    expect(first).not.toContain('s3cr3tvalue');
    expect(Buffer.from(first.split('.')[3] ?? '', 'base64url').toString()).not.toContain('s3cr3t');
    expect(open(key, first, 'profileaaaa').toString()).toBe(secret.toString());
    expect(() => open(key, first, 'profilebbbb')).toThrow(SealError);
    expect(() => open(newDataKey(), first, 'profileaaaa')).toThrow(/does not authenticate/);
  });

  it('rejects a tampered IV, tag or ciphertext, and tells malformed from unauthentic', () => {
    const key = newDataKey();
    const sealed = seal(key, Buffer.from('value'), 'p1234567');
    for (const index of [1, 2, 3]) {
      const tampered = flipCharAt(sealed, index);
      expect(tampered).not.toBe(sealed);
      try {
        open(key, tampered, 'p1234567');
        expect.fail('a tampered blob opened');
      } catch (error) {
        expect(error).toBeInstanceOf(SealError);
        expect((error as SealError).reason).toBe('unauthentic');
      }
    }
    for (const malformed of [
      '',
      'nonsense',
      'premia-gcm-v1.a.b',
      `${sealed}.extra`,
      sealed.replace('premia-gcm-v1', 'v0'),
    ]) {
      expect(() => open(key, malformed, 'p1234567')).toThrow(
        expect.objectContaining({ reason: 'malformed' }),
      );
    }
  });

  it('derives the same KEK from the same password and salt, another from another salt', async () => {
    const params = newKdfParams(CHEAP);
    const a = await deriveKek('correct horse battery', params);
    const b = await deriveKek('correct horse battery', params);
    const c = await deriveKek('correct horse battery', newKdfParams(CHEAP));
    const d = await deriveKek('correct horse batterx', params);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.equals(d)).toBe(false);
    expect(kekCheckMatches(a, kekCheck(b))).toBe(true);
    expect(kekCheckMatches(d, kekCheck(a))).toBe(false);
  });

  it('treats a composed and a decomposed password as the same password', async () => {
    const params = newKdfParams(CHEAP);
    const composed = await deriveKek('caf\u00e9-terrace', params);
    const decomposed = await deriveKek('cafe\u0301-terrace', params);
    expect(composed.equals(decomposed)).toBe(true);
  });

  it('wraps a data key under a KEK that only the right password re-creates', async () => {
    const params = newKdfParams(CHEAP);
    const kek = await deriveKek('a long passphrase', params);
    const dataKey = newDataKey();
    const wrapped = seal(kek, dataKey, dataKeyAad('profile0001'));
    const again = await deriveKek('a long passphrase', params);
    expect(open(again, wrapped, dataKeyAad('profile0001')).equals(dataKey)).toBe(true);
    const wrong = await deriveKek('a long passphrasf', params);
    expect(() => open(wrong, wrapped, dataKeyAad('profile0001'))).toThrow(SealError);
    // A wrapped key cannot pass for a credentials blob of the same profile.
    expect(() => open(again, wrapped, 'profile0001')).toThrow(SealError);
  });
});
