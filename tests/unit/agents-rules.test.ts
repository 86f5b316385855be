/**
 * Alert rules on hand-made rows. Expected values are worked by hand from the definitions in the
 * issue: premium up X % from entry = (premium − entry) / entry · 100; a short put's distance to
 * its strike = (spot − strike) / spot · 100, a short call's (strike − spot) / spot · 100.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRules, type ShortPosition } from '../../src-main/agents/alert-rules';
import type { AgentOptionRow } from '../../src-main/storage/agent-records';
import { AlertRulesSchema } from '../../src-preload/contract/domains/agents';

function row(tradingsymbol: string, fields: Partial<AgentOptionRow> = {}): AgentOptionRow {
  return {
    runId: 7,
    underlying: 'NIFTY',
    tradingsymbol,
    optionType: 'PE',
    strike: 24_000,
    expiry: '2026-12-29',
    spot: 25_000,
    premium: 50,
    delta: -0.1,
    annualizedYieldPct: 20,
    annualizedRomPct: 40,
    passes: true,
    ...fields,
  };
}
const keys = (output: ReturnType<typeof evaluateRules>) => output.matches.map((m) => m.matchKey);
const none = { previous: null, positions: [], quotes: new Map<string, AgentOptionRow>() };

describe('scan alert rules', () => {
  it('treats the first run as the baseline for "new in the filtered set"', () => {
    const rules = AlertRulesSchema.parse({ newInFilteredSet: true });
    const filtered = [row('A'), row('B')];
    expect(keys(evaluateRules({ rules, filtered, ...none }))).toEqual([]);
    const previous = new Map([['A', 20]]);
    expect(keys(evaluateRules({ rules, filtered, ...none, previous }))).toEqual([
      'new-in-filter:B',
    ]);
  });

  it('matches thresholds at or above, and yield changes by their direction', () => {
    const rules = AlertRulesSchema.parse({
      minAnnualizedRomPct: 40,
      minAnnualizedYieldPct: 25,
      yieldChangePp: 5,
    });
    const filtered = [
      row('AT', { annualizedRomPct: 40, annualizedYieldPct: 20 }),
      row('UP', { annualizedRomPct: 39.99, annualizedYieldPct: 26 }),
      row('DOWN', { annualizedRomPct: null, annualizedYieldPct: 10 }),
    ];
    const previous = new Map<string, number | null>([
      ['AT', 16], // +4: below the threshold
      ['UP', 21], // +5: at the threshold
      ['DOWN', 15.5], // −5.5
    ]);
    expect(keys(evaluateRules({ rules, filtered, ...none, previous }))).toEqual([
      'rom-above:AT',
      'yield-above:UP',
      'yield-change:UP:up',
      'yield-change:DOWN:down',
    ]);
  });
});

describe('position watch', () => {
  const put: ShortPosition = {
    tradingsymbol: 'NIFTY26DEC24000PE',
    underlying: 'NIFTY',
    kind: 'PE',
    strike: 24_000,
    expiry: '2026-12-29',
    quantity: 75,
    entryPrice: 40,
    openedAt: '2026-12-01T04:00:00.000Z',
  };
  const call: ShortPosition = {
    ...put,
    tradingsymbol: 'NIFTY26DEC26000CE',
    kind: 'CE',
    strike: 26_000,
  };
  const rules = AlertRulesSchema.parse({
    positionWatch: { premiumUpPct: 50, maxAbsDelta: 0.3, nearStrikePct: 2 },
  });

  it('alerts on premium up from entry, |delta| above the limit and the underlying near the strike', () => {
    const quotes = new Map([
      // (60 − 40) / 40 = 50 % up; |−0.31| > 0.3; (24,400 − 24,000) / 24,400 = 1.64 % ≤ 2 %.
      [put.tradingsymbol, row(put.tradingsymbol, { premium: 60, delta: -0.31, spot: 24_400 })],
      // (59.9 − 40) / 40 = 49.75 %; |0.3| is not above 0.3; (26,000 − 25,400) / 25,400 = 2.36 %.
      [call.tradingsymbol, row(call.tradingsymbol, { premium: 59.9, delta: 0.3, spot: 25_400 })],
    ]);
    const output = evaluateRules({
      rules,
      filtered: [],
      previous: null,
      positions: [put, call],
      quotes,
    });
    const id = `${put.tradingsymbol}@${put.openedAt}`;
    expect(keys(output)).toEqual([`premium-up:${id}`, `delta-above:${id}`, `near-strike:${id}`]);
    expect(output.matches[0]?.message).toContain('up 50.0 % from your entry ₹40.00');
    expect(output.matches[2]?.message).toContain('within 1.6 %');
  });

  it('counts a strike the underlying has passed as near, and keeps unquoted positions as they were', () => {
    const quotes = new Map([
      // Spot 26,260 above a 26,000 call: (26,000 − 26,260) / 26,260 = −0.99 %, in the money.
      [call.tradingsymbol, row(call.tradingsymbol, { premium: 40, delta: 0.2, spot: 26_260 })],
    ]);
    const output = evaluateRules({
      rules,
      filtered: [],
      previous: null,
      positions: [put, call],
      quotes,
    });
    expect(keys(output)).toEqual([`near-strike:${call.tradingsymbol}@${call.openedAt}`]);
    expect(output.matches[0]?.message).toContain(
      'past your NIFTY26DEC26000CE strike 26000 (1.0 % in the money)',
    );
    expect(output.unknownKeys).toEqual(
      ['premium-up', 'delta-above', 'near-strike'].map(
        (k) => `${k}:${put.tradingsymbol}@${put.openedAt}`,
      ),
    );
  });
});
