import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import type { Broker } from '../../src-main/market/broker';
import { InstrumentCache } from '../../src-main/market/instrument-cache';
import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { SimulatorBroker } from '../../src-main/market/simulator-broker';
import { ProfileIdSchema } from '../../src-preload/contract';

const PROFILE = ProfileIdSchema.parse('cacheprofile0001');
const clock = createManualClock(new Date('2026-11-20T05:00:00Z'));

/** A simulator whose instrument download waits until the test releases it. */
function gatedBroker() {
  const base = new SimulatorBroker({ simulator: new MarketSimulator({ seed: 3 }), clock });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const signals: AbortSignal[] = [];
  const broker: Broker = Object.assign(Object.create(base) as Broker, {
    instruments: async (request: Parameters<Broker['instruments']>[0], signal: AbortSignal) => {
      signals.push(signal);
      await gate;
      if (signal.aborted) throw new Error('download aborted');
      return base.instruments(request, new AbortController().signal);
    },
  });
  return { broker, release, signals };
}

function cache() {
  return new InstrumentCache({
    clock,
    store: {
      has: () => Promise.resolve(false),
      load: () => Promise.reject(new Error('nothing is stored')),
      save: () => Promise.resolve(),
    },
  });
}

describe('InstrumentCache', () => {
  it('one caller giving up does not stop the download another still waits for', async () => {
    const { broker, release, signals } = gatedBroker();
    const instruments = cache();
    const impatient = new AbortController();
    const first = instruments.load(PROFILE, broker, impatient.signal);
    const second = instruments.load(PROFILE, broker, new AbortController().signal);
    impatient.abort();
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    release();
    const loaded = await second;
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
    expect(loaded.table.size).toBeGreaterThan(1000);
    // The one who started it counts the call; the list is now served from memory.
    expect((await instruments.load(PROFILE, broker, new AbortController().signal)).calls).toBe(0);
  });

  it('stops the download when every caller has given up', async () => {
    const { broker, release, signals } = gatedBroker();
    const instruments = cache();
    const callers = [new AbortController(), new AbortController()];
    const loads = callers.map((caller) => instruments.load(PROFILE, broker, caller.signal));
    for (const caller of callers) caller.abort();
    await Promise.allSettled(loads);
    expect(signals[0]?.aborted).toBe(true);
    release();
    // A later caller starts afresh instead of joining the abandoned download.
    const again = instruments.load(PROFILE, broker, new AbortController().signal);
    await expect(again).resolves.toMatchObject({ calls: 1 });
    expect(signals).toHaveLength(2);
  });
});
