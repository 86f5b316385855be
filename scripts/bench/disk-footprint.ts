// Disk cost of a stored option row: full F&O demo scans (the built-in simulator, every F&O stock,
// nearest expiry, default filters) run by the real `premia demo` command into one fresh data
// directory, a WAL checkpoint after each, then SQLite's own page accounting (dbstat) per table
// and index. The first scan is what one scan costs on its own; the last scan's growth is the
// steady state of a day of repeated scans (interned texts are shared by every run; chains are
// per run, so they do not amortise). Prints a human summary on stderr and one JSON line on
// stdout. Run through `npm run bench` or `npm run bench:disk [-- --scans 3]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const TARGET_BYTES_PER_ROW = 250;
const BIN = join(import.meta.dirname, '../../bin/premia.mjs');
const { values } = parseArgs({ options: { scans: { type: 'string', default: '3' } } });
const scans = Math.max(2, Number(values.scans));

/** Where each stored byte of the results lives. */
const ROLES: Record<string, 'table' | 'index' | 'side'> = {
  result_rows: 'table',
  result_texts: 'side',
  result_chains: 'side',
  // Migration 007: the results screen's row counts per (underlying, side, filter outcome).
  run_facets: 'side',
};

interface Footprint {
  readonly rows: number;
  readonly fileBytes: number;
  readonly bytes: Record<'table' | 'index' | 'side', number>;
  readonly objects: readonly { name: string; bytes: number }[];
}

function runDemo(dataDir: string): void {
  const scan = spawnSync(process.execPath, [BIN, 'demo', '--format', 'json', '--limit', '1'], {
    env: { ...process.env, PREMIA_DATA_DIR: dataDir, PREMIA_KEYCHAIN: 'none' },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (scan.status !== 0) throw new Error(`premia demo failed: ${scan.stderr}`);
}

function measure(path: string): Footprint {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const rows = db.prepare('SELECT count(*) FROM results').pluck().get() as number;
    // A side table's indexes count with it (they exist to intern); result_rows' are "indexes".
    const objects = db
      .prepare(
        `SELECT s.name AS name, m.tbl_name AS owner, m.type AS type, sum(s.pgsize) AS bytes
           FROM dbstat s JOIN sqlite_schema m ON m.name = s.name
          WHERE m.tbl_name IN (${Object.keys(ROLES)
            .map((name) => `'${name}'`)
            .join(', ')})
          GROUP BY s.name ORDER BY bytes DESC`,
      )
      .all() as { name: string; owner: string; type: string; bytes: number }[];
    const bytes = { table: 0, index: 0, side: 0 };
    for (const object of objects) {
      const role =
        ROLES[object.owner] === 'side' ? 'side' : object.type === 'table' ? 'table' : 'index';
      bytes[role] += object.bytes;
    }
    return { rows, fileBytes: statSync(path).size, bytes, objects };
  } finally {
    db.close();
  }
}

const perRow = (bytes: number, rows: number): number => Math.round((bytes / rows) * 10) / 10;
const total = (f: Footprint): number => f.bytes.table + f.bytes.index + f.bytes.side;

const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-disk-'));
try {
  const footprints: Footprint[] = [];
  for (let scan = 0; scan < scans; scan += 1) {
    runDemo(dataDir);
    const [profile] = readdirSync(join(dataDir, 'profiles'));
    if (profile === undefined) throw new Error('premia demo made no profile');
    footprints.push(measure(join(dataDir, 'profiles', profile, 'premia.db')));
  }
  const first = footprints[0];
  const last = footprints.at(-1);
  const before = footprints.at(-2);
  if (first === undefined || last === undefined || before === undefined) throw new Error('no scan');
  const added = last.rows - before.rows;
  const steady = (role: 'table' | 'index' | 'side'): number =>
    perRow(last.bytes[role] - before.bytes[role], added);
  const result = {
    rows: first.rows,
    fileBytesPerRow: perRow(first.fileBytes, first.rows),
    resultBytesPerRow: perRow(total(first), first.rows),
    tableBytesPerRow: perRow(first.bytes.table, first.rows),
    indexBytesPerRow: perRow(first.bytes.index, first.rows),
    sideBytesPerRow: perRow(first.bytes.side, first.rows),
    targetBytesPerRow: TARGET_BYTES_PER_ROW,
    scans,
    steadyBytesPerRow: perRow(total(last) - total(before), added),
    steadyTableBytesPerRow: steady('table'),
    steadyIndexBytesPerRow: steady('index'),
    steadySideBytesPerRow: steady('side'),
    objects: first.objects.map((o) => `${o.name} ${perRow(o.bytes, first.rows)}`).join(', '),
  };
  console.error(
    [
      `first scan (${result.rows} rows): ${result.resultBytesPerRow} B/row = table ${result.tableBytesPerRow} + indexes ${result.indexBytesPerRow} + side tables ${result.sideBytesPerRow} (target ≤ ${TARGET_BYTES_PER_ROW}); whole file ${result.fileBytesPerRow} B/row`,
      `scan ${scans} of the day (${added} rows more): ${result.steadyBytesPerRow} B/row = table ${result.steadyTableBytesPerRow} + indexes ${result.steadyIndexBytesPerRow} + side tables ${result.steadySideBytesPerRow}`,
    ].join('\n'),
  );
  console.log(JSON.stringify(result));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
