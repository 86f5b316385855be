import { execFile } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/premia.mjs');

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `premia` executable against `dataDir`, with `stdin` typed in (a password), the
 * way a trader's shell would. The keychain is switched off: these profiles hold no secrets.
 */
export function premiaCli(dataDir: string) {
  return (args: string[], stdin?: string): Promise<CliOutcome> => {
    const child = execFile(process.execPath, [BIN, ...args], {
      env: { ...process.env, PREMIA_DATA_DIR: dataDir, PREMIA_KEYCHAIN: 'none' },
      timeout: 120_000,
    });
    child.stdin?.end(stdin ?? '');
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  };
}
