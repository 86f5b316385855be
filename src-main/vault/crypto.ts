import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';

/**
 * The vault's cryptography, all from node:crypto: scrypt turns a password into a key-encryption
 * key (KEK); AES-256-GCM wraps the profile's random data key under the KEK and seals broker
 * secrets under the data key. Nothing here keeps state.
 */

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const ENVELOPE_PREFIX = 'premia-gcm-v1';

export const KdfParamsSchema = z.object({
  algorithm: z.literal('scrypt'),
  /** CPU/memory cost, a power of two. */
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 22)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().regex(/^[A-Za-z0-9+/]+=*$/),
});
export type KdfParams = z.infer<typeof KdfParamsSchema>;
export type KdfCost = Pick<KdfParams, 'N' | 'r' | 'p'>;

/**
 * OWASP's scrypt floor is N=2^17, r=8, p=1 (128 MiB). One derivation takes about a quarter of a
 * second on a small desktop: slow enough to make offline guessing expensive, fast enough for a
 * login.
 */
export const DEFAULT_KDF_COST: KdfCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The only scrypt settings Premia derives with: r=8, p=1 and N a power of two from 2^12 (tests,
 * benchmarks) to 2^17 (the default). The registry is a plain file; a value outside this list was
 * put there by someone else, and N=2^22 would make one login allocate 4 GiB. Checked before every
 * derivation, so a tampered entry costs nothing and names itself.
 */
export const ACCEPTED_KDF_COSTS: readonly KdfCost[] = [12, 13, 14, 15, 16, 17].map((log2) => ({
  N: 2 ** log2,
  r: 8,
  p: 1,
}));

export function isAcceptedKdfCost(cost: KdfCost): boolean {
  return ACCEPTED_KDF_COSTS.some(
    (known) => known.N === cost.N && known.r === cost.r && known.p === cost.p,
  );
}

/** Thrown for KDF settings that are not Premia's; callers turn it into a user error. */
export class UnknownKdfError extends Error {
  constructor(cost: KdfCost) {
    super(`scrypt N=${cost.N}, r=${cost.r}, p=${cost.p} is not a setting Premia uses`);
    this.name = 'UnknownKdfError';
  }
}

/** Thrown when a blob is malformed or fails authentication; callers turn it into a user error. */
export class SealError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unauthentic',
    message: string,
  ) {
    super(message);
    this.name = 'SealError';
  }
}

export function newKdfParams(cost: KdfCost = DEFAULT_KDF_COST): KdfParams {
  if (!isAcceptedKdfCost(cost)) throw new UnknownKdfError(cost);
  return { algorithm: 'scrypt', ...cost, salt: randomBytes(SALT_BYTES).toString('base64') };
}

/** scrypt needs 128·N·r bytes; Node refuses anything above maxmem, whose default is 32 MiB. */
function maxmemFor(cost: KdfCost): number {
  return 2 * 128 * cost.N * cost.r * cost.p;
}

/** Runs on libuv's thread pool, so the main thread keeps answering while a password is checked. */
export function deriveKek(password: string, params: KdfParams): Promise<Buffer> {
  if (!isAcceptedKdfCost(params)) return Promise.reject(new UnknownKdfError(params));
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      Buffer.from(params.salt, 'base64'),
      KEY_BYTES,
      { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    );
  });
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * A short value derived from the KEK that tells a wrong password apart from a damaged wrapped
 * key. It lets an attacker test a guess no faster than the wrapped key itself does (one scrypt
 * per guess either way).
 */
export function kekCheck(kek: Buffer): string {
  return createHmac('sha256', kek)
    .update('premia kek check v1')
    .digest()
    .subarray(0, 16)
    .toString('base64');
}

export function kekCheckMatches(kek: Buffer, expected: string): boolean {
  const actual = Buffer.from(kekCheck(kek), 'base64');
  const stored = Buffer.from(expected, 'base64');
  return actual.length === stored.length && timingSafeEqual(actual, stored);
}

/** AES-256-GCM with a fresh random IV; the associated data binds the blob to its profile. */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [ENVELOPE_PREFIX, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

function decodePart(part: string | undefined, what: string): Buffer {
  if (part === undefined || !/^[A-Za-z0-9_-]*$/.test(part)) {
    throw new SealError('malformed', `the ${what} is not valid base64url`);
  }
  return Buffer.from(part, 'base64url');
}

export function open(key: Buffer, envelope: string, associatedData: string): Buffer {
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== ENVELOPE_PREFIX) {
    throw new SealError('malformed', 'the sealed value has an unknown format');
  }
  const iv = decodePart(parts[1], 'IV');
  const tag = decodePart(parts[2], 'tag');
  const ciphertext = decodePart(parts[3], 'ciphertext');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SealError('malformed', 'the sealed value has a wrong IV or tag length');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new SealError('unauthentic', 'the sealed value does not authenticate');
  }
}

/** The associated data of a wrapped data key; distinct from the credentials' so blobs cannot swap roles. */
export function dataKeyAad(profileId: string): string {
  return `data-key:${profileId}`;
}
