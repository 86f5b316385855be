import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Forks, not threads: native modules (better-sqlite3, keytar) and our own worker threads
    // behave in a child process exactly as they do in the app.
    pool: 'forks',
    // Builds out/cli (the compiled `premia` the CLI tests spawn) when the sources changed.
    globalSetup: ['tests/support/build-cli.ts'],
    include: ['tests/**/*.test.ts', 'src-main/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
