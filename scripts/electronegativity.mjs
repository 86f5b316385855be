// Runs Doyensec's Electronegativity over the shell and preload sources and fails on any finding
// that has not been reviewed below. A reviewed finding names the file and says why it is safe.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REVIEWED = {
  'CSP_GLOBAL_CHECK shell/session-policy.ts':
    'The CSP is set on every response (policy.ts CONTENT_SECURITY_POLICY) and in index.html; no unsafe-inline/eval.',
  'OPEN_EXTERNAL_JS_CHECK shell/window.ts':
    'openExternal is reached only for https URLs on an allow-list of Zerodha hosts (isAllowedExternalUrl, unit-tested).',
  'OPEN_EXTERNAL_JS_CHECK shell/main.ts':
    'The openExternal given to createPremia opens only allow-listed https Zerodha URLs (isAllowedExternalUrl) and refuses the rest.',
  'OPEN_EXTERNAL_JS_CHECK app/kite-connection.ts':
    "Opens Kite's login URL built by kiteLoginUrl() (https://kite.zerodha.com/connect/login); the shell's openExternal checks the allow-list again.",
  'PRELOAD_JS_CHECK shell/window.ts':
    'The preload exposes only the contract API built from zod-validated channels; it holds no Node access.',
};

const dir = mkdtempSync(join(tmpdir(), 'premia-electronegativity-'));
const csv = join(dir, 'findings.csv');
const run = spawnSync(
  'npx',
  ['electronegativity', '-i', 'src-main', '-r', '-e', '41.10.0', '-v', 'false', '-o', csv],
  { encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
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

const findings = parseCsv(readFileSync(csv, 'utf8')).slice(1);
rmSync(dir, { recursive: true, force: true });
const unreviewed = [];
for (const [check, , , file, location] of findings) {
  const key = `${check} ${file}`;
  if (REVIEWED[key] === undefined) unreviewed.push(`${key} at ${location}`);
  else console.log(`reviewed: ${key} — ${REVIEWED[key]}`);
}
if (unreviewed.length > 0) {
  console.error(
    `Electronegativity found ${unreviewed.length} unreviewed issue(s):\n${unreviewed.join('\n')}`,
  );
  process.exit(1);
}
console.log(`electronegativity: ${findings.length} finding(s), all reviewed`);
