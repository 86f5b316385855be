// Type-checks the Node side (main, preload, tests) and the DOM side (renderer) separately.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/electron/electron.d.ts')) {
  console.error(
    "Electron's TypeScript types are missing (node_modules/electron). Install them without the binary:\n" +
      '  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install',
  );
  process.exit(1);
}
let failed = false;
for (const project of ['tsconfig.node.json', 'tsconfig.web.json']) {
  const result = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', project, '--pretty'],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error(`typecheck: ${project} has errors`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
