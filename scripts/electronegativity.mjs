// Runs Doyensec's Electronegativity over the main-process and preload sources and fails on any
// finding that has not been reviewed below. A reviewed finding is pinned to its file and to the
// exact code it flagged (a hash of the snippet, or the location where the tool gives no snippet),
// so a new finding in an already-reviewed file, or a change to a reviewed line, fails the check
// until someone reviews it and adds its key here with the reason it is safe.
//
// `--root DIR` scans DIR/src-main and DIR/src-preload instead of this checkout (the tests use it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REVIEWED = {
  'CSP_GLOBAL_CHECK src-main/shell/session-policy.ts @29:6':
    'The CSP is set on every response (policy.ts CONTENT_SECURITY_POLICY) and in index.html; no unsafe-inline/eval. The tool cannot parse a CSP built from parts.',
  'OPEN_EXTERNAL_JS_CHECK src-main/shell/window.ts #40e81b9b3985':
    'openExternal is reached only for https URLs on an allow-list of Zerodha hosts (isAllowedExternalUrl, unit-tested).',
  'OPEN_EXTERNAL_JS_CHECK src-main/shell/main.ts #1e98fd1a10ac':
    'The openExternal given to createPremia opens only allow-listed https Zerodha URLs (isAllowedExternalUrl) and refuses the rest.',
  'OPEN_EXTERNAL_JS_CHECK src-main/app/kite-connection.ts #10645367009e':
    "Opens Kite's login URL built by kiteLoginUrl() (https://kite.zerodha.com/connect/login); the shell's openExternal checks the allow-list again.",
  'PRELOAD_JS_CHECK src-main/shell/window.ts #4b1451949d92':
    'The preload exposes only the contract API built from zod-validated channels; it holds no Node access.',
};

const SCANNED = ['src-main', 'src-preload'];
const ELECTRON_VERSION = '41.10.0';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function rootArgument(argv) {
  const at = argv.indexOf('--root');
  if (at === -1) return resolve(here, '..');
  const value = argv[at + 1];
  if (value === undefined) throw new Error('--root needs a folder');
  return resolve(value);
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((cells) => cells.some((value) => value !== ''));
}

/** Scans a copy holding only the scanned folders, so paths read `src-main/...` and nothing else is looked at. */
function scan(root) {
  const dir = mkdtempSync(join(tmpdir(), 'premia-electronegativity-'));
  try {
    for (const folder of SCANNED) {
      if (existsSync(join(root, folder)))
        cpSync(join(root, folder), join(dir, 'src', folder), { recursive: true });
    }
    const csv = join(dir, 'findings.csv');
    const tool = require.resolve('@doyensec/electronegativity/dist/index.js');
    const offline = pathToFileURL(join(here, 'electronegativity-offline.mjs')).href;
    const args = ['--import', offline, tool];
    args.push('-i', join(dir, 'src'), '-r', '-e', ELECTRON_VERSION, '-v', 'false', '-o', csv);
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0 || !existsSync(csv)) {
      throw new Error(
        `Electronegativity did not finish (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`,
      );
    }
    return parseCsv(readFileSync(csv, 'utf8'))
      .slice(1)
      .map(([check, , , file, location, sample]) => ({ check, file, location, sample }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function findingKey({ check, file, location, sample }) {
  const snippet = (sample ?? '').trim();
  if (snippet === '' || snippet === 'N/A') return `${check} ${file} @${location}`;
  const hash = createHash('sha256').update(snippet).digest('hex').slice(0, 12);
  return `${check} ${file} #${hash}`;
}

function main() {
  const findings = scan(rootArgument(process.argv.slice(2)));
  // Each reviewed key covers one finding: the same snippet flagged twice needs two reviews.
  const used = new Set();
  const unreviewed = [];
  for (const finding of findings) {
    const key = findingKey(finding);
    if (REVIEWED[key] === undefined || used.has(key)) {
      unreviewed.push(
        `${finding.file}:${finding.location} ${finding.check}: ${finding.sample}\n    key: '${key}'`,
      );
    } else {
      used.add(key);
      console.log(`reviewed: ${key} — ${REVIEWED[key]}`);
    }
  }
  for (const key of Object.keys(REVIEWED).filter((entry) => !used.has(entry))) {
    console.log(`no longer found (remove it from scripts/electronegativity.mjs): ${key}`);
  }
  if (unreviewed.length > 0) {
    console.error(
      `Electronegativity found ${unreviewed.length} unreviewed issue(s):\n${unreviewed.join('\n')}`,
    );
    console.error(
      'Fix each one, or review it and add its key with the reason to REVIEWED in scripts/electronegativity.mjs.',
    );
    process.exit(1);
  }
  console.log(
    `electronegativity: ${findings.length} finding(s) in ${SCANNED.join(', ')}, all reviewed`,
  );
}

main();
