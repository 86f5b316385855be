/**
 * The agents channels as a hostile window would call them: input checked, every id looked up in
 * the window's own profile only, nothing reachable while the profile is locked.
 */
import { describe, expect, it } from 'vitest';
import type { ProfileId } from '../../src-preload/contract';
import { call, createAndLogin, premiaScope, STRONG, value } from '../support/vault-fixtures';

const { setup } = premiaScope();
const agent = (name: string) => ({
  name,
  scan: { symbols: ['NIFTY'] },
  schedule: { kind: 'interval', minutes: 10 },
  rules: { minAnnualizedRomPct: 20 },
});

describe('agents over IPC', () => {
  it('scopes every channel to the window profile and checks what it is sent', async () => {
    const { premia } = await setup(new Date('2026-12-03T05:00:00Z'), 'fallback');
    // Bala is signed in too (say, `premia agents serve` in this process), with an agent.
    const bala = await premia.vault.profiles.create({ name: 'Bala', password: STRONG });
    await premia.vault.profiles.login(bala.id, STRONG);
    // Ids are per profile database: Bala's second agent is #2, and Asha will have only #1.
    await premia.agents.add(bala.id as ProfileId, agent('Bala first'));
    const balaAgent = await premia.agents.add(bala.id as ProfileId, agent('Bala only'));
    await createAndLogin(premia, 'Asha', STRONG);

    const { id } = await value<{ id: number }>(premia, 'agents.add', { agent: agent('Mine') });
    const listed = await value<{ id: number; name: string; state: string }[]>(
      premia,
      'agents.list',
    );
    expect(listed.map((a) => [a.id, a.name, a.state])).toEqual([[id, 'Mine', 'scheduled']]);

    // Another profile's agent id is simply not found in this profile's database.
    for (const [channel, input] of [
      ['agents.setPaused', { id: balaAgent, paused: true }],
      ['agents.remove', { id: balaAgent }],
      ['agents.runNow', { id: balaAgent }],
      ['agents.update', { id: balaAgent, agent: agent('Hijacked') }],
    ] as const) {
      expect(await call(premia, channel, input), channel).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
    expect((await premia.agents.list(bala.id as ProfileId))[1]).toMatchObject({
      id: balaAgent,
      name: 'Bala only',
      state: 'scheduled',
    });
    expect(id).toBe(1);

    // Malformed input never reaches the service.
    for (const [channel, input] of [
      ['agents.setPaused', { id: -1, paused: true }],
      ['agents.remove', { id: '1 OR 1=1' }],
      ['agents.markRead', { ids: 'everything' }],
      ['agents.alerts', { limit: 10_000 }],
    ] as const) {
      expect(await call(premia, channel, input), channel).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT' },
      });
    }
    // A bad definition is refused in words.
    const bad = await call(premia, 'agents.add', {
      agent: { ...agent('Bad'), schedule: { kind: 'times', times: ['25:00'] } },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'A time is HH:MM in IST, like 09:20 or 15:10.' },
    });

    await value(premia, 'session.lock');
    expect(await call(premia, 'agents.list')).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
  });
});
