import type { Migration } from './types';

/**
 * Version 4 belongs to the `agents` branch (its agentsMigration). This branch (`footprint`, which
 * owns 005) keeps the list contiguous with this empty step until the two meet: the merge
 * replaces this entry with agentsMigration and deletes this file. A database this branch
 * migrated to 5 was never released (tests and benchmarks use temporary ones).
 */
export const agentsSlotMigration: Migration = {
  version: 4,
  name: 'agents-slot',
  up() {},
};
