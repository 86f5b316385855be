import { describe, expect, it } from 'vitest';
import { groupIndian, ScanFiltersSchema } from '../../src-preload/contract/domains/scans';

// The reference is ICU's en-IN grouping (Intl.NumberFormat), which the contract no longer loads
// at start-up: lakh and crore groups of two digits after the first three.
describe('groupIndian', () => {
  it.each([0, 7, 100, 999, 1000, 10_000, 99_999, 100_000, 1_234_567, 10_000_000, -2_500_000])(
    'groups %d as en-IN does',
    (value) => {
      expect(groupIndian(value)).toBe(value.toLocaleString('en-IN'));
    },
  );

  it('leaves a fraction as it is', () => {
    expect(groupIndian(0.3)).toBe('0.3');
  });

  it('says a filter bound in Indian digits', () => {
    const parsed = ScanFiltersSchema.safeParse({ minOiLots: 20_000_000 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'Open interest in lots at least cannot be above 1,00,00,000.',
    );
  });
});
