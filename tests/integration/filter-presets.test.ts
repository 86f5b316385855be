import { afterEach, describe, expect, it } from 'vitest';
import { FilterPresets } from '../../src-main/scan/filter-presets';
import { ScanFiltersSchema } from '../../src-preload/contract/domains/scans';
import { ALICE, openTestStorage, userError } from './support/storage-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('named filter presets per profile', () => {
  it('lists the built-in Seller preset first, saves, replaces and deletes the trader’s own', async () => {
    const opened = await openTestStorage();
    cleanups.push(opened.cleanup);
    const presets = new FilterPresets(opened.storage);
    const first = await presets.list(ALICE);
    expect(first.map((preset) => preset.name)).toEqual(['Seller', 'Everything priced']);
    expect(first[0]?.filters).toMatchObject({
      maxAbsDelta: 0.3,
      maxSpreadPct: 10,
      minOiLots: 50,
      otmPctMin: 0,
      topNPerUnderlying: { n: 3, metric: 'annualizedRomPct' },
    });
    const puts = ScanFiltersSchema.parse({ optionType: 'PE', maxAbsDelta: 0.2 });
    await presets.save(ALICE, '  Monthly puts ', puts);
    await presets.save(ALICE, 'Monthly puts', { ...puts, maxAbsDelta: 0.15 });
    const saved = (await presets.list(ALICE)).find((preset) => preset.name === 'Monthly puts');
    expect(saved).toMatchObject({
      builtIn: false,
      filters: { optionType: 'PE', maxAbsDelta: 0.15 },
    });
    const taken = await userError(presets.save(ALICE, 'seller', puts));
    expect(taken.code).toBe('CONFLICT');
    expect(await presets.delete(ALICE, 'Monthly puts')).toBe(true);
    expect(await presets.delete(ALICE, 'Monthly puts')).toBe(false);
    expect((await presets.list(ALICE)).map((preset) => preset.name)).toEqual([
      'Seller',
      'Everything priced',
    ]);
  });
});
