import type { HealthCheck } from '../src-preload/contract';

/** Checks that leave Premia working with less protection (the app keeps a warning up). */
const DEGRADING = new Set(['keychain', 'credentials-in-registry', 'registry-recovered']);

/** What a failed check means to a trader, without module names or versions. */
function plainProblem(check: HealthCheck): string {
  if (check.name === 'data-directory') return 'Premia cannot write to its data folder';
  if (check.name === 'disk-space') return 'the disk is nearly full, so scans could fail';
  if (check.name === 'registry-recovered') return 'the profile list was restored from its backup';
  if (check.name.startsWith('native:')) return 'a part of Premia did not install correctly';
  return 'a check failed';
}

/**
 * One sentence a trader can act on, and never two that contradict each other: either all is
 * well, or it works with a caveat (no OS keychain), or something stops it. The checks
 * themselves, with their technical detail, are behind "Details".
 */
export function healthSentence(health: {
  readonly ok: boolean;
  readonly checks: readonly HealthCheck[];
}): {
  readonly tone: 'ok' | 'warning' | 'error';
  readonly text: string;
} {
  const failing = health.checks.filter((check) => !check.ok);
  const blocking = failing.find((check) => !DEGRADING.has(check.name));
  if (!health.ok || blocking !== undefined) {
    return {
      tone: 'error',
      text: `Premia needs attention on this machine: ${plainProblem(blocking ?? failing[0] ?? { name: '', ok: false, detail: '' })}.`,
    };
  }
  if (
    failing.some((check) => check.name === 'keychain' || check.name === 'credentials-in-registry')
  ) {
    return {
      tone: 'warning',
      text: 'Premia works here, but this machine has no OS keychain: broker keys are sealed with each profile’s password and kept in Premia’s own file.',
    };
  }
  const other = failing[0];
  if (other !== undefined)
    return { tone: 'warning', text: `Premia works here; note that ${plainProblem(other)}.` };
  return { tone: 'ok', text: 'Everything Premia needs is in place.' };
}
