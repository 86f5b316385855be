import type { Migration } from './types';

/**
 * Version 2 is reserved for the seller-metrics migration (branch `seller`), which lands on main
 * separately. This branch needs version 3 (the journal) to follow an existing version 2, so it
 * holds the number with a step that changes nothing. When the two branches meet, the seller's
 * migration replaces this file (no released database was ever written with this version).
 */
export const reservedMigration: Migration = {
  version: 2,
  name: 'reserved for seller metrics',
  up() {
    // Intentionally empty: see above.
  },
};
