import { describe, expect, it } from 'vitest';
import { dayNumberFromIso, istInstant } from '../../src-main/market/dates';
import { FnoUniverse, presetUnderlyings } from '../../src-main/market/fno-universe';
import { MarketSimulator } from '../../src-main/market/simulator/market-simulator';
import { splitSymbolList, SymbolDirectory } from '../../src-main/market/symbols';

const AT = istInstant(dayNumberFromIso('2025-12-10'), 11, 0);
const universe = new FnoUniverse(new MarketSimulator({ seed: 1 }).instrumentTable(AT));
const directory = SymbolDirectory.fromUniverse(universe);

describe('SymbolDirectory.match', () => {
  it('matches exact symbols, case- and whitespace-insensitively', () => {
    const report = directory.match([
      'RELIANCE',
      '  infy ',
      'Bajaj-Auto',
      'm&m',
      'NSE:TCS',
      'SBIN-EQ',
    ]);
    expect(report.matched.map((m) => m.underlying)).toEqual([
      'RELIANCE',
      'INFY',
      'BAJAJ-AUTO',
      'M&M',
      'TCS',
      'SBIN',
    ]);
    expect(report.matched.every((m) => m.matchedBy === 'symbol')).toBe(true);
    expect(report.unknown).toEqual([]);
  });

  it('maps index names and common aliases to the NFO underlying', () => {
    const report = directory.match([
      'NIFTY 50',
      'nifty50',
      'NIFTY BANK',
      'Bank Nifty',
      'FIN NIFTY',
      'Nifty Fin Service',
      'NIFTY MID SELECT',
      'midcap nifty',
      'Nifty Next 50',
      'zomato',
    ]);
    expect(report.matched.map((m) => [m.underlying, m.inputs])).toEqual([
      ['NIFTY', ['NIFTY 50', 'nifty50']],
      ['BANKNIFTY', ['NIFTY BANK', 'Bank Nifty']],
      ['FINNIFTY', ['FIN NIFTY', 'Nifty Fin Service']],
      ['MIDCPNIFTY', ['NIFTY MID SELECT', 'midcap nifty']],
      ['NIFTYNXT50', ['Nifty Next 50']],
      ['ETERNAL', ['zomato']],
    ]);
    expect(report.matched.find((m) => m.underlying === 'ETERNAL')?.matchedBy).toBe('alias');
    expect(report.matched.find((m) => m.underlying === 'NIFTY')?.matchedBy).toBe('alias');
  });

  it('matches company names, with or without "Ltd"', () => {
    const report = directory.match([
      'Reliance Industries',
      'HDFC Bank Ltd',
      'tata consultancy serv',
    ]);
    expect(report.matched.map((m) => [m.underlying, m.matchedBy])).toEqual([
      ['RELIANCE', 'company-name'],
      ['HDFCBANK', 'company-name'],
      ['TCS', 'company-name'],
    ]);
  });

  it('merges duplicates and keeps first-appearance order', () => {
    const report = directory.match(['INFY', 'RELIANCE', 'infy', 'INFY', 'Infosys', 'reliance']);
    expect(report.matched).toEqual([
      { underlying: 'INFY', inputs: ['INFY', 'infy', 'Infosys'], matchedBy: 'symbol' },
      { underlying: 'RELIANCE', inputs: ['RELIANCE', 'reliance'], matchedBy: 'symbol' },
    ]);
  });

  it('reports unknown symbols with up to three suggestions, never dropping them', () => {
    const report = directory.match(['RELIANCEE', 'HDFCBNK', 'NIFTYY', 'RELI', 'QQQQQQQQQQQQ']);
    expect(report.matched).toEqual([]);
    expect(report.unknown.map((u) => u.input)).toEqual([
      'RELIANCEE',
      'HDFCBNK',
      'NIFTYY',
      'RELI',
      'QQQQQQQQQQQQ',
    ]);
    const suggestions = Object.fromEntries(report.unknown.map((u) => [u.input, u.suggestions]));
    expect(suggestions.RELIANCEE?.[0]).toBe('RELIANCE');
    expect(suggestions.HDFCBNK?.[0]).toBe('HDFCBANK');
    expect(suggestions.NIFTYY?.[0]).toBe('NIFTY');
    expect(suggestions.RELI).toContain('RELIANCE');
    expect(suggestions.QQQQQQQQQQQQ).toEqual([]);
    for (const u of report.unknown) expect(u.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('copes with empty input, blanks and control characters', () => {
    expect(directory.match([])).toEqual({ matched: [], unknown: [], blankInputs: 0 });
    const report = directory.match([
      '',
      '   ',
      '\t\n',
      'REL\u0000IANCE',
      '\u200bINFY\u0007',
      '\u001b[31mXYZ',
    ]);
    expect(report.blankInputs).toBe(3);
    expect(report.matched.map((m) => m.underlying)).toEqual(['RELIANCE', 'INFY']);
    expect(report.unknown.map((u) => u.input)).toEqual(['[31mXYZ']);
    for (const u of report.unknown) expect(u.input).not.toMatch(/\p{Cc}/u);
  });

  it('handles 10,000 inputs, mostly unknown, in one call', () => {
    const inputs = Array.from({ length: 10_000 }, (_, i) =>
      i % 10 === 0 ? 'NIFTY' : `SYM${i.toString(36).toUpperCase()}X`,
    );
    const report = directory.match(inputs);
    expect(report.matched).toEqual([
      { underlying: 'NIFTY', inputs: ['NIFTY'], matchedBy: 'symbol' },
    ]);
    expect(report.unknown.length).toBe(9_000);
  });

  it('cuts absurdly long inputs to a readable length', () => {
    const report = directory.match(['A'.repeat(5000)]);
    expect(report.unknown[0]?.input.length).toBeLessThanOrEqual(64);
  });
});

describe('splitSymbolList and presets', () => {
  it('splits pasted lists on commas, semicolons, tabs and new lines, keeping names whole', () => {
    expect(splitSymbolList('RELIANCE, INFY;TCS\tSBIN\r\nHDFCBANK\n')).toEqual([
      'RELIANCE',
      'INFY',
      'TCS',
      'SBIN',
      'HDFCBANK',
    ]);
    expect(splitSymbolList('State Bank of India, NIFTY 50')).toEqual([
      'State Bank of India',
      'NIFTY 50',
    ]);
  });

  it('reads text without separators as space-separated symbols, index names kept whole', () => {
    expect(splitSymbolList('NIFTY BANKNIFTY  tcs')).toEqual(['NIFTY', 'BANKNIFTY', 'tcs']);
    expect(splitSymbolList('nifty 50 RELIANCE bank nifty NIFTY NEXT 50')).toEqual([
      'nifty 50',
      'RELIANCE',
      'bank nifty',
      'NIFTY NEXT 50',
    ]);
    expect(splitSymbolList('  ')).toEqual([]);
    // The screen and the command line read "NIFTY 50" the same way: one index, not NIFTY and 50.
    expect(directory.match(splitSymbolList('NIFTY 50')).matched).toEqual([
      { underlying: 'NIFTY', inputs: ['NIFTY 50'], matchedBy: 'alias' },
    ]);
  });

  it('builds the built-in watchlists from the instrument list', () => {
    expect(presetUnderlyings(universe, 'indices')).toEqual([
      'BANKNIFTY',
      'FINNIFTY',
      'MIDCPNIFTY',
      'NIFTY',
      'NIFTYNXT50',
    ]);
    const stocks = presetUnderlyings(universe, 'fno-stocks');
    expect(stocks.length).toBeGreaterThanOrEqual(200);
    expect(stocks).toContain('RELIANCE');
    expect(stocks).not.toContain('NIFTY');
  });
});
