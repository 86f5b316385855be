import { describe, expect, it } from 'vitest';
import { passwordStrength } from '../../src-renderer/password-strength';
import { checkNewPassword } from '../../src-preload/contract';

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

  it('marks down predictable runs', () => {
    const run = passwordStrength('Aaaa1111bbbb!');
    expect(run.hints).toContain('Avoid runs like 1234, abcd or aaaa.');
    expect(run.level).toBeLessThan(passwordStrength('Ax7#kq2Lp9!m').level);
  });

  it("refuses what main refuses, in main's words (one rule, src-preload/contract)", () => {
    for (const [password, name] of [
      ['Asha-Trader-2026!', 'Asha'],
      ['password123', ''],
      ['zzzzzzzzzz', ''],
      ['abcdefghij', ''],
    ] as const) {
      const rule = checkNewPassword(password, name);
      expect(rule.ok, password).toBe(false);
      expect(passwordStrength(password, name)).toEqual({
        level: 0,
        label: 'Not allowed',
        hints: [rule.ok ? '' : rule.reason],
      });
    }
    expect(checkNewPassword('Sell puts on Monday, 9:20!', 'Asha').ok).toBe(true);
  });
});
