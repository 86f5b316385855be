// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** DESIGN.md §2: the import rules between the processes, enforced here. */
const electronOnlyInShell = {
  name: 'electron',
  message:
    'Only src-main/shell (and the preload entry) may import electron. Take the piece as a parameter instead.',
};
const noMainFromRenderer = {
  group: ['**/src-main', '**/src-main/**'],
  message: 'The renderer never imports src-main: go through window.premia (src-renderer/api.ts).',
};
const contractIsPure = {
  group: [
    'node:*',
    'electron',
    '**/src-main/**',
    '**/src-renderer/**',
    'fs',
    'path',
    'os',
    'crypto',
  ],
  message:
    'The contract is shared by all three sides: it imports nothing from electron, node or the other sides.',
};

const domainIsNotIpc = {
  group: ['**/ipc', '**/ipc/**', '**/shell', '**/shell/**', '**/cli', '**/cli/**'],
  message:
    'Domain code (vault, storage, market, scan, journal, agents) never imports the IPC, shell or CLI layers: errors and shared types live in src-main/domain.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'release/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['src-main/shell/**/*.ts', 'src-preload/index.ts', 'electron.vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [noMainFromRenderer] },
      ],
    },
  },
  {
    files: ['src-main/{domain,vault,storage,market,scan,journal,agents}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [domainIsNotIpc] },
      ],
    },
  },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [contractIsPure] },
      ],
    },
  },
  {
    // The loopback Kite server is the independent reference Premia's Kite client is checked
    // against: it may not borrow Premia's market or scan code (kite-docs.ts holds what Kite documents).
    files: ['tests/fake-kite/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/src-main/market/**', '**/src-main/scan/**'],
              message:
                'tests/fake-kite is an independent reference: it imports nothing from src-main/market or src-main/scan.',
            },
          ],
        },
      ],
    },
  },
);
