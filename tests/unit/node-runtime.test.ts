import { describe, expect, it } from 'vitest';
import { checkNodeRuntime } from '../../src-main/app/node-runtime';
import { installedRequirements, startRuntimeProblem } from '../../scripts/start-runtime.mjs';

/**
 * Reference: the Node.js release schedule (nodejs.org/en/about/previous-releases): 20 reached end
 * of life on 2026-04-30, 22 and 24 are LTS lines; Premia's minimum is package.json's 20.19. The
 * `npm start` floor is what Electron 41's package.json declares: engines.node ">= 22.12.0".
 */
describe('premia doctor: the Node runtime', () => {
  it.each(['v24.22.3', 'v24.0.0', 'v22.12.0', 'v22.22.0'])('%s is supported', (node) => {
    const { check, degrading } = checkNodeRuntime({ node });
    expect(check).toMatchObject({ name: 'node-runtime', ok: true });
    expect(check.detail).toContain('supported');
    expect(degrading).toBe(false);
  });

  it('Node 22 before 22.12 runs the CLI but is told that npm start needs 22.12', () => {
    const { check } = checkNodeRuntime({ node: 'v22.11.0' });
    expect(check.ok).toBe(true);
    expect(check.detail).toContain('`npm start` needs 22.12.0 or newer');
  });

  it('Node 20.19+ still works, with a warning that it reached end of life', () => {
    const { check } = checkNodeRuntime({ node: 'v20.20.2' });
    expect(check.ok).toBe(true);
    expect(check.detail).toContain('end of life in April 2026');
    expect(check.detail).toContain('move to Node 24 or 22');
  });

  it.each(['v18.20.8', 'v20.18.3', 'v16.0.0'])('%s is too old and fails the doctor', (node) => {
    const { check, degrading } = checkNodeRuntime({ node });
    expect(check.ok).toBe(false);
    expect(degrading).toBe(false);
    expect(check.detail).toBe(
      `Node ${node.slice(1)} is too old for Premia: install Node 24 or 22 (LTS; 20.19+ still works)`,
    );
  });

  it.each(['v21.7.3', 'v23.11.0', 'v25.1.0', 'v26.0.0'])(
    '%s is outside the tested range: reported, but not a broken installation',
    (node) => {
      const { check, degrading } = checkNodeRuntime({ node });
      expect(check.ok).toBe(false);
      expect(degrading).toBe(true);
      expect(check.detail).toContain('outside the versions Premia is tested on');
    },
  );

  it("inside Electron the runtime is Electron's own Node", () => {
    const { check } = checkNodeRuntime({ node: '24.11.1', electron: '41.10.0' });
    expect(check).toEqual({
      name: 'node-runtime',
      ok: true,
      detail: 'Electron 41.10.0 with its own Node 24.11.1: the runtime Premia ships with',
    });
  });
});

describe('npm start: the Node it needs', () => {
  const electron41 = [{ tool: 'electron', range: '>= 22.12.0' }];

  it('explains the requirement on Node 20 instead of failing inside a tool', () => {
    const problem = startRuntimeProblem('v20.20.2', electron41);
    expect(problem?.[0]).toBe(
      '`npm start` needs a newer Node than this one (v20.20.2): electron needs Node >= 22.12.0.',
    );
    expect(problem?.join('\n')).toContain('Install Node 24 (or 22.12 or newer)');
    expect(problem?.join('\n')).toContain('`npm run demo`');
  });

  it.each(['v22.11.0', 'v21.99.0'])('refuses %s too', (node) => {
    expect(startRuntimeProblem(node, electron41)).not.toBeNull();
  });

  it.each(['v22.12.0', 'v22.22.0', 'v24.22.3'])('lets %s start', (node) => {
    expect(startRuntimeProblem(node, electron41)).toBeNull();
  });

  it('names every tool whose requirement is unmet and leaves ranges it cannot judge to the tool', () => {
    const problem = startRuntimeProblem('v20.20.2', [
      { tool: 'electron', range: '>= 22.12.0' },
      { tool: '@electron/rebuild', range: '>=22.12.0' },
      { tool: 'something', range: '^20.0.0 || >=22' },
    ]);
    expect(problem?.[0]).toContain(
      'electron needs Node >= 22.12.0, @electron/rebuild needs Node >=22.12.0.',
    );
    expect(problem?.[0]).not.toContain('something');
  });

  it("reads the requirement from the installed Electron's package.json", () => {
    expect(installedRequirements()).toContainEqual({ tool: 'electron', range: '>= 22.12.0' });
  });
});
