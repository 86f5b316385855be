/**
 * Stateless pseudo-random numbers: every value is a hash of its coordinates (seed, underlying,
 * day, minute, stream, …). Nothing is drawn in sequence, so any price at any instant can be
 * computed directly and in any order, and the market is identical for the same seed and date.
 */

function mixIn(hash: number, value: number): number {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of integer coordinates (each folded to 32 bits, high and low halves). */
export function hashCoordinates(...coordinates: readonly number[]): number {
  let h = 0x9747b28c;
  for (const c of coordinates) {
    h = mixIn(h, c);
    h = mixIn(h, Math.floor(c / 0x1_0000_0000));
  }
  return finalize(h);
}

/** Uniform in (0, 1), never exactly 0 or 1. */
export function uniformAt(...coordinates: readonly number[]): number {
  return (hashCoordinates(...coordinates) + 0.5) / 0x1_0000_0000;
}

/** Standard normal (Box–Muller over two hashed uniforms). */
export function normalAt(...coordinates: readonly number[]): number {
  const u1 = uniformAt(...coordinates, 1);
  const u2 = uniformAt(...coordinates, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** FNV-1a 32-bit: stable numbers for names (tradingsymbols, streams). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
