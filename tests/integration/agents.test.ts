/**
 * Agents on real storage and the built-in market, driven by a manual clock: schedules in IST
 * market hours, no overlapping runs, pause on lock and on Kite token expiry, alerts raised once
 * per new match, roll-up of older runs, and two profiles kept apart. Times are IST wall clock
 * (UTC+05:30); 1 Dec 2026 is a Tuesday and an NSE trading day (NSE 2026 holiday circular).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentService } from '../../src-main/agents';
import { agentReadiness } from '../../src-main/agents/readiness';
import { createManualClock } from '../../src-main/app/clock';
import type { Premia } from '../../src-main/app/create-premia';
import { createMemoryLogger } from '../../src-main/app/logger';
import type { ScanService } from '../../src-main/scan/scan-service';
import type { StoredAlert } from '../../src-main/storage/agent-records';
import type { ProfileId } from '../../src-preload/contract';
import type { AgentInput } from '../../src-preload/contract/domains/agents';
import { openTestPremia, SAMPLE_SECRETS, STRONG, tempDataDir } from '../support/vault-fixtures';

const ist = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+05:30`);

const romAgent = (name: string, minutes = 5): AgentInput => ({
  name,
  scan: { symbols: ['NIFTY', 'BANKNIFTY'], expiry: 'nearest' },
  schedule: { kind: 'interval', minutes },
  rules: { minAnnualizedRomPct: 0 },
});

describe('agents on real storage, with a manual clock', () => {
  const { dir, cleanup } = tempDataDir();
  const clock = createManualClock(ist('2026-12-01 09:10'));
  const notified: { profileId: ProfileId; alerts: readonly StoredAlert[] }[] = [];
  let premia: Premia;
  const logger = createMemoryLogger();
  let asha: ProfileId;
  let bala: ProfileId;

  async function profile(name: string): Promise<ProfileId> {
    const created = await premia.vault.profiles.create({ name, password: STRONG });
    await premia.vault.profiles.login(created.id, STRONG);
    return created.id;
  }
  async function agentRuns(profileId: ProfileId, agentId: number) {
    return premia.storage.agents.runs(profileId, agentId, 100);
  }
  async function view(profileId: ProfileId, agentId: number) {
    const found = (await premia.agents.list(profileId)).find((a) => a.id === agentId);
    if (found === undefined) throw new Error(`agent ${agentId} is not listed`);
    return found;
  }

  beforeAll(async () => {
    // The desktop notification seam, recording instead of showing.
    premia = await openTestPremia(dir, {
      clock,
      logger,
      notifyAlerts: (profileId, alerts) => notified.push({ profileId, alerts }),
    });
    asha = await profile('Asha');
    bala = await profile('Bala');
  });
  afterAll(async () => {
    await premia?.close();
    cleanup();
  });

  it('runs only in market hours on trading days, and raises each match once', async () => {
    const agentId = await premia.agents.add(asha, romAgent('Index puts'));
    await premia.agents.tick();
    await premia.agents.idle();
    expect(await agentRuns(asha, agentId)).toHaveLength(0); // 09:10, before the open
    expect((await view(asha, agentId)).nextRunAt).toBe(ist('2026-12-01 09:15').toISOString());

    clock.set(ist('2026-12-01 09:15'));
    await premia.agents.tick();
    await premia.agents.idle();
    const [first] = await agentRuns(asha, agentId);
    expect(first).toMatchObject({ status: 'completed', trigger: 'schedule' });
    const firstAlerts = (await premia.agents.alerts(asha)).alerts;
    expect(firstAlerts.length).toBeGreaterThan(0);
    expect(firstAlerts.length).toBe(first?.optionsPassing);
    expect(firstAlerts.every((a) => a.kind === 'rom-above' && a.agentRunId === first?.id)).toBe(
      true,
    );
    expect(
      notified
        .at(-1)
        ?.alerts.map((a) => a.id)
        .sort(),
    ).toEqual(firstAlerts.map((a) => a.id).sort());

    // Same instant, same simulated market: the same options match, so nothing new is raised.
    await premia.agents.runNow(asha, agentId);
    expect(await agentRuns(asha, agentId)).toHaveLength(2);
    expect((await premia.agents.alerts(asha)).alerts).toHaveLength(firstAlerts.length);

    // Saturday: no slot all day; the next run is Monday's open.
    clock.set(ist('2026-12-05 11:00'));
    await premia.agents.setPaused(asha, agentId, true);
    await premia.agents.setPaused(asha, agentId, false);
    await premia.agents.tick();
    await premia.agents.idle();
    expect(await agentRuns(asha, agentId)).toHaveLength(2);
    expect((await view(asha, agentId)).nextRunAt).toBe(ist('2026-12-07 09:15').toISOString());
    await premia.agents.remove(asha, agentId);
  });

  it('never overlaps a run slower than its interval, and skips the slots it overran', async () => {
    clock.set(ist('2026-12-02 09:14'));
    // The real scan service, with the end of each scan held until the test lets it go.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowScans: Pick<ScanService, 'start'> = {
      start: async (profileId, request) => {
        const started = await premia.scans.start(profileId, request);
        return { runId: started.runId, done: started.done.then(async (s) => (await held, s)) };
      },
    };
    const agents = new AgentService({
      store: premia.storage.agents,
      scans: slowScans,
      journal: premia.journal,
      access: premia.vault,
      clock,
      logger,
      signedIn: () => [asha],
      readiness: (profileId) => agentReadiness(premia.vault, profileId),
    });
    const agentId = await agents.add(asha, romAgent('Slow', 5));
    await agents.tick();
    clock.set(ist('2026-12-02 09:15'));
    await agents.tick();
    await expect.poll(async () => (await agents.list(asha))[0]?.state).toBe('running');
    // The run is stored by the writer thread a moment after the agent shows as running.
    await expect.poll(async () => (await agentRuns(asha, agentId)).length).toBe(1);
    for (const time of ['09:20', '09:25', '09:26']) {
      clock.set(ist(`2026-12-02 ${time}`));
      await agents.tick();
    }
    expect(await agentRuns(asha, agentId)).toHaveLength(1);
    await expect(agents.runNow(asha, agentId)).rejects.toThrow(/already running/);
    release();
    await agents.idle();
    const runs = await agentRuns(asha, agentId);
    expect(runs.map((r) => r.status)).toEqual(['completed']);
    // Finished at 09:26: the next run is the 09:30 slot, not the 09:20 and 09:25 it overran.
    expect((await agents.list(asha))[0]?.nextRunAt).toBe(ist('2026-12-02 09:30').toISOString());
    await agents.close();
    await premia.agents.remove(asha, agentId);
  });

  it('pauses while the profile is locked and resumes after it is unlocked', async () => {
    clock.set(ist('2026-12-03 10:01'));
    const agentId = await premia.agents.add(bala, romAgent('Bala puts', 5));
    await premia.agents.tick();
    await premia.vault.profiles.lock(bala);
    clock.set(ist('2026-12-03 10:05'));
    await premia.agents.tick();
    await premia.agents.idle();
    expect(await agentRuns(bala, agentId)).toHaveLength(0);
    // The reason is visible once the profile is open again (the list needs an unlocked profile).
    await premia.vault.profiles.login(bala, STRONG);
    clock.set(ist('2026-12-03 10:06'));
    await premia.agents.tick();
    const resumed = await view(bala, agentId);
    expect(resumed).toMatchObject({ state: 'scheduled' });
    // It does not catch up on the 10:05 slot missed while locked: the next is 10:10.
    expect(resumed.nextRunAt).toBe(ist('2026-12-03 10:10').toISOString());
    clock.set(ist('2026-12-03 10:10'));
    await premia.agents.tick();
    await premia.agents.idle();
    expect((await agentRuns(bala, agentId)).map((r) => r.status)).toEqual(['completed']);
    await premia.agents.remove(bala, agentId);
  });

  it('pauses when the Kite token expires at 06:00 IST and resumes after a new login', async () => {
    const kiteUser = await profile('Chitra');
    clock.set(ist('2026-12-03 11:00'));
    await premia.vault.credentials.set(kiteUser, {
      apiKey: SAMPLE_SECRETS.apiKey,
      apiSecret: SAMPLE_SECRETS.apiSecret,
    });
    await premia.vault.credentials.setAccessToken(kiteUser, SAMPLE_SECRETS.accessToken);
    const agentId = await premia.agents.add(kiteUser, romAgent('Kite agent', 15));
    await premia.agents.tick();
    expect(await view(kiteUser, agentId)).toMatchObject({ state: 'scheduled', reason: null });
    // The token set on the 3rd expires at 06:00 IST on the 4th.
    clock.set(ist('2026-12-04 06:00'));
    await premia.agents.tick();
    const paused = await view(kiteUser, agentId);
    expect(paused.state).toBe('waiting');
    expect(paused.reason).toContain('Kite access token expired');
    await expect(premia.agents.runNow(kiteUser, agentId)).rejects.toThrow(/log in with Kite/);
    // A login stores a fresh token (the Kite login flow's last step).
    await premia.vault.credentials.setAccessToken(kiteUser, 'accesstokenvalue0002');
    await premia.agents.tick();
    expect(await view(kiteUser, agentId)).toMatchObject({ state: 'scheduled', reason: null });
    await premia.agents.remove(kiteUser, agentId);
  });

  it('keeps two profiles apart', async () => {
    const agentId = await premia.agents.add(asha, romAgent('Asha only'));
    const balaAlertsBefore = await premia.agents.alerts(bala);
    await premia.agents.runNow(asha, agentId);
    expect(await premia.agents.list(bala)).toEqual([]);
    const balaAlerts = await premia.agents.alerts(bala);
    expect(balaAlerts).toEqual(balaAlertsBefore);
    expect(balaAlerts.alerts.every((alert) => alert.agentName === 'Bala puts')).toBe(true);
    expect((await premia.agents.alerts(asha)).alerts.some((a) => a.agentName === 'Asha only')).toBe(
      true,
    );
    await expect(premia.agents.runNow(bala, agentId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(premia.agents.setPaused(bala, agentId, true)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await view(asha, agentId)).state).toBe('scheduled');
    await premia.agents.remove(asha, agentId);
  });
});
