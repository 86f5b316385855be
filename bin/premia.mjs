#!/usr/bin/env node
// The `premia` command. It runs the compiled CLI in out/cli. In a source checkout it first makes
// sure that build matches the sources (a stat of each source file; esbuild runs only after a
// change), so editing src-main and running `premia` never runs stale code.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const builder = fileURLToPath(new URL('../scripts/cli-build.mjs', import.meta.url));
if (existsSync(builder)) {
  const { ensureCliBuilt } = await import(pathToFileURL(builder).href);
  await ensureCliBuilt();
}
// Node 22.1+ keeps V8's compiled code of the CLI between runs: start-up then skips compiling the
// bundle. The cache sits beside the code it caches (never in a shared /tmp, where another user
// could plant bytecode); Node 20 has no compile cache and simply compiles.
nodeModule.enableCompileCache?.(
  fileURLToPath(new URL('../out/cli/.compile-cache', import.meta.url)),
);
const { main } = await import('../out/cli/premia.js');
process.exitCode = await main(process.argv.slice(2));
