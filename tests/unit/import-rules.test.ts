import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

async function lint(relativePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, relativePath) });
  return (result?.messages ?? []).map(
    (message) => `${message.ruleId ?? 'parse'}: ${message.message}`,
  );
}

describe('DESIGN.md §2 import rules (enforced by the linter)', () => {
  it('fails a renderer file that imports src-main', async () => {
    const messages = await lint(
      'src-renderer/Sneaky.ts',
      "import { Router } from '../src-main/ipc/router';\nexport const r = Router;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*renderer never imports src-main/);
  });

  it('fails a non-shell main file that imports electron', async () => {
    const messages = await lint(
      'src-main/scan/sneaky.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*Only src-main\/shell/);
  });

  it('fails a contract file that imports node', async () => {
    const messages = await lint(
      'src-preload/contract/sneaky.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*contract is shared/);
  });

  it('fails a fake Kite file that borrows Premia market code', async () => {
    const messages = await lint(
      'tests/fake-kite/sneaky.ts',
      "import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';\nexport const m = MarketSimulator;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*independent reference/);
  });

  it('allows electron in the shell', async () => {
    const messages = await lint(
      'src-main/shell/ok.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(messages.filter((message) => message.startsWith('no-restricted-imports'))).toEqual([]);
  });

  it('fails any and non-null assertions', async () => {
    const messages = await lint(
      'src-main/app/sneaky.ts',
      'export const f = (x: any): string => x!.name;\n',
    );
    expect(messages.join('\n')).toMatch(/no-explicit-any/);
    expect(messages.join('\n')).toMatch(/no-non-null-assertion/);
  });
});
