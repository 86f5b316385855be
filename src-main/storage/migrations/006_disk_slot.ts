import type { Migration } from './types';

/**
 * Version 6 belongs to the `disk` branch. This branch (`uiperf`, which owns 007) keeps the list
 * contiguous with this empty step until the two meet: the merge replaces this entry with the disk
 * branch's migration and deletes this file. A database this branch migrated to 7 was never
 * released (tests and benchmarks use temporary ones).
 */
export const diskSlotMigration: Migration = {
  version: 6,
  name: 'disk-slot',
  up() {},
};
