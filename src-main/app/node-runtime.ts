import type { HealthCheck } from '../../src-preload/contract';

/**
 * The Node versions Premia is built and tested on (README "Set up"; .ci/run runs the suite on 20
 * and 24). 20 reached end of life in April 2026 and stays only while it still works; 22.12 is
 * the oldest Node that Electron 41's rebuild tooling (`npm start`) accepts.
 */
export const SUPPORTED_NODE_MAJORS = [22, 24] as const;
export const END_OF_LIFE_NODE_MAJOR = 20;
export const OLDEST_NODE = '20.19.0';
export const OLDEST_NODE_FOR_START = '22.12.0';

const SUPPORTED_TEXT = 'Node 24 or 22 (LTS; 20.19+ still works)';

export interface RuntimeVersions {
  readonly node: string;
  readonly electron?: string;
}

export interface RuntimeCheck {
  readonly check: HealthCheck;
  /** Outside the tested range but new enough: worth a warning, not a broken installation. */
  readonly degrading: boolean;
}

/** [major, minor, patch] of "v24.22.3" or "24.22.3"; missing parts count as 0. */
export function parseVersion(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

export function versionAtLeast(version: string, minimum: string): boolean {
  const have = parseVersion(version);
  const need = parseVersion(minimum);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}

/** Whether the runtime this process runs on is one Premia supports, in a trader's words. */
export function checkNodeRuntime(versions: RuntimeVersions): RuntimeCheck {
  const name = 'node-runtime';
  const node = `Node ${versions.node.replace(/^v/, '')}`;
  if (versions.electron !== undefined) {
    const detail = `Electron ${versions.electron} with its own ${node}: the runtime Premia ships with`;
    return { check: { name, ok: true, detail }, degrading: false };
  }
  const [major] = parseVersion(versions.node);
  if (!versionAtLeast(versions.node, OLDEST_NODE)) {
    const detail = `${node} is too old for Premia: install ${SUPPORTED_TEXT}`;
    return { check: { name, ok: false, detail }, degrading: false };
  }
  if ((SUPPORTED_NODE_MAJORS as readonly number[]).includes(major)) {
    const start = versionAtLeast(versions.node, OLDEST_NODE_FOR_START)
      ? ''
      : `; \`npm start\` needs ${OLDEST_NODE_FOR_START} or newer`;
    return { check: { name, ok: true, detail: `${node}: supported${start}` }, degrading: false };
  }
  if (major === END_OF_LIFE_NODE_MAJOR) {
    const detail = `${node} works, but Node 20 reached end of life in April 2026 and \`npm start\` needs ${OLDEST_NODE_FOR_START} or newer: move to Node 24 or 22`;
    return { check: { name, ok: true, detail }, degrading: false };
  }
  const detail = `${node} is outside the versions Premia is tested on (${SUPPORTED_TEXT}); it may work, but if something fails use Node 24`;
  return { check: { name, ok: false, detail }, degrading: true };
}
