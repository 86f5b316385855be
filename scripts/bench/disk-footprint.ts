// Disk cost of a stored option row: one full F&O demo scan (the built-in simulator, every F&O
// stock, nearest expiry, default filters) run by the real `premia demo` command into a fresh data
// directory, then a WAL checkpoint, then SQLite's own page accounting (dbstat) per table and
// index. Prints one JSON line. Run through `npm run bench` or `npm run bench:disk`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const BIN = join(import.meta.dirname, '../../bin/premia.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'premia-bench-disk-'));
try {
  const scan = spawnSync(process.execPath, [BIN, 'demo', '--format', 'json', '--limit', '1'], {
    env: { ...process.env, PREMIA_DATA_DIR: dataDir, PREMIA_KEYCHAIN: 'none' },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (scan.status !== 0) throw new Error(`premia demo failed: ${scan.stderr}`);
  const [profile] = readdirSync(join(dataDir, 'profiles'));
  if (profile === undefined) throw new Error('premia demo made no profile');
  const path = join(dataDir, 'profiles', profile, 'premia.db');
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const rows = db.prepare('SELECT count(*) FROM results').pluck().get() as number;
    const objects = db
      .prepare(
        `SELECT s.name AS name, m.type AS type, sum(s.pgsize) AS bytes
           FROM dbstat s JOIN sqlite_schema m ON m.name = s.name
          WHERE m.tbl_name IN ('results', 'result_rows', 'result_texts')
          GROUP BY s.name ORDER BY bytes DESC`,
      )
      .all() as { name: string; type: string; bytes: number }[];
    const sum = (type: string): number =>
      objects.filter((o) => o.type === type).reduce((total, o) => total + o.bytes, 0);
    const perRow = (bytes: number): number => Math.round((bytes / rows) * 10) / 10;
    console.log(
      JSON.stringify({
        rows,
        fileBytesPerRow: perRow(statSync(path).size),
        resultBytesPerRow: perRow(sum('table') + sum('index')),
        tableBytesPerRow: perRow(sum('table')),
        indexBytesPerRow: perRow(sum('index')),
        objects: objects.map((o) => `${o.name} ${perRow(o.bytes)}`).join(', '),
      }),
    );
  } finally {
    db.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
