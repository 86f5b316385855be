import { execFileSync } from 'node:child_process';

/**
 * Mounts a tmpfs of `bytes` at `dir` when this process may (root on Linux), so a test can fill
 * a real file system or make it read-only. Returns false where it cannot; the caller then uses
 * its fallback (a page cap, file permissions).
 */
export function mountTmpfs(dir: string, bytes: number): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' });
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    // Not mounted (the fallback path) or already gone.
  }
}
