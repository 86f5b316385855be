import { initialMigration } from './001_initial';
import { sellerMetricsMigration } from './002_seller_metrics';
import { journalMigration } from './003_journal';
import { agentsMigration } from './004_agents';
import { footprintMigration } from './005_footprint';
import { chainsMigration } from './006_chains';
import { runFacetsMigration } from './007_run_facets';
import { failingRomMigration } from './008_failing_rom';
import type { Migration } from './types';

/** Every schema step, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  initialMigration,
  sellerMetricsMigration,
  journalMigration,
  agentsMigration,
  footprintMigration,
  chainsMigration,
  runFacetsMigration,
  failingRomMigration,
];

/** The schema version this build of Premia writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export type { Migration } from './types';
