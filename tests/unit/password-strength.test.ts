import { describe, expect, it } from 'vitest';
import { passwordStrength } from '../../src-renderer/password-strength';

describe('password strength feedback', () => {
  it('asks for the minimum length first', () => {
    expect(passwordStrength('abc')).toEqual({
      level: 0,
      label: 'Too short',
      hints: ['Use at least 8 characters.'],
    });
  });

  it('grades by length and variety', () => {
    expect(passwordStrength('optionsx').label).toBe('Weak');
    expect(passwordStrength('Options#9').label).toBe('Fair');
    expect(passwordStrength('Theta decay 42!').label).toBe('Good');
    expect(passwordStrength('Sell puts on Monday, 9:20!')).toEqual({
      level: 4,
      label: 'Strong',
      hints: [],
    });
  });

  it('marks down predictable runs and the profile name', () => {
    const run = passwordStrength('Aaaa1111bbbb!');
    expect(run.hints).toContain('Avoid runs like 1234, abcd or aaaa.');
    expect(run.level).toBeLessThan(passwordStrength('Ax7#kq2Lp9!m').level);
    const named = passwordStrength('Asha-Trader-2026!', 'Asha');
    expect(named.hints).toContain('Do not use the profile name in the password.');
  });
});
