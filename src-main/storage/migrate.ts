import { StorageFailure } from './errors';
import { MIGRATIONS, type Migration } from './migrations';
import { isPremiaDatabase, userVersion, type SqliteDatabase } from './sqlite';

export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
}

export function tooNewMessage(found: number, latest: number): string {
  return (
    `This profile's database was written by a newer version of Premia (database version ${found}; ` +
    `this Premia understands up to version ${latest}). Update Premia to open it — nothing was changed.`
  );
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StorageFailure(
        'internal',
        `migration list out of order: position ${index + 1} holds version ${migration.version}`,
      );
    }
  });
}

/**
 * Brings a database to the latest schema, one migration per transaction (a failed step leaves
 * the previous version intact). Refuses a database from a newer Premia, and a file that is some
 * other program's SQLite database, without touching either.
 */
/**
 * Refuses, before anything is written, a file that is some other program's SQLite database or
 * a database from a newer Premia. Returns its current version.
 */
export function assertMigratable(
  db: SqliteDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  assertOrdered(migrations);
  if (!isPremiaDatabase(db)) {
    throw new StorageFailure(
      'corrupt',
      'application_id is not Premia',
      'This file is a database of some other program, not a Premia profile database.',
    );
  }
  const found = userVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (found > latest) {
    throw new StorageFailure(
      'too_new',
      `user_version ${found} > ${latest}`,
      tooNewMessage(found, latest),
    );
  }
  return found;
}

/**
 * Brings a database to the latest schema, one migration per transaction (a failed step leaves
 * the previous version intact).
 */
export function migrate(
  db: SqliteDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationOutcome {
  const from = assertMigratable(db, migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
