import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

/** `npm run check:electron` on a copy of the sources, so a test can add code to them. */
async function checkCopy(
  change: (copy: string) => void,
): Promise<{ code: number; output: string }> {
  const copy = mkdtempSync(join(tmpdir(), 'premia-check-electron-'));
  copies.push(copy);
  cpSync(join(ROOT, 'src-main'), join(copy, 'src-main'), { recursive: true });
  cpSync(join(ROOT, 'src-preload'), join(copy, 'src-preload'), { recursive: true });
  change(copy);
  try {
    const result = await run(
      process.execPath,
      [join(ROOT, 'scripts/electronegativity.mjs'), '--root', copy],
      { encoding: 'utf8' },
    );
    return { code: 0, output: result.stdout + result.stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const copies: string[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) rmSync(copy, { recursive: true, force: true });
});

describe('the Electronegativity check (npm run check:electron)', () => {
  it('passes on the sources as they are: every finding has been reviewed', async () => {
    const result = await checkCopy(() => undefined);
    expect(result.output).toContain('all reviewed');
    expect(result.code).toBe(0);
  });

  it('fails on a new openExternal in a file whose other openExternal was reviewed', async () => {
    const result = await checkCopy((copy) => {
      appendFileSync(
        join(copy, 'src-main/shell/window.ts'),
        '\nexport function openAnything(url: string): void {\n  void shell.openExternal(url);\n}\n',
      );
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('1 unreviewed issue(s)');
    expect(result.output).toMatch(
      /src-main\/shell\/window\.ts:\d+:\d+ OPEN_EXTERNAL_JS_CHECK: void shell\.openExternal\(url\);/,
    );
  });

  it('fails when a reviewed line itself changes', async () => {
    const result = await checkCopy((copy) => {
      const file = join(copy, 'src-main/shell/window.ts');
      const source = readFileSync(file, 'utf8');
      const reviewed = 'if (isAllowedExternalUrl(url)) void shell.openExternal(url);';
      expect(source).toContain(reviewed);
      writeFileSync(file, source.replace(reviewed, 'void shell.openExternal(url);'));
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('src-main/shell/window.ts');
    expect(result.output).toContain('no longer found');
  });

  it('scans the preload too', async () => {
    const result = await checkCopy((copy) => {
      appendFileSync(
        join(copy, 'src-preload/index.ts'),
        "\nexport function openFromPreload(url: string): void {\n  void require('electron').shell.openExternal(url);\n}\n",
      );
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/src-preload\/index\.ts:\d+:\d+ OPEN_EXTERNAL_JS_CHECK/);
  });
});
