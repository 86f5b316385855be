/**
 * Feedback while a trader picks a profile password. The rules themselves (length, common
 * passwords, the profile's name) are main's, from the shared contract, so the screen refuses
 * exactly what main would refuse, in the same words; the strength levels only help pick a good one.
 */
import { checkNewPassword, PASSWORD_MIN_CHARS } from '../src-preload/contract';

export const MIN_PASSWORD_CHARS = PASSWORD_MIN_CHARS;

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface PasswordStrength {
  readonly level: StrengthLevel;
  /** Too short, Weak, Fair, Good, Strong */
  readonly label: string;
  /** What would make it stronger, in the trader's words; empty once it is strong. */
  readonly hints: readonly string[];
}

const LABELS = ['Too short', 'Weak', 'Fair', 'Good', 'Strong'] as const;
const REFUSED = 'Not allowed';

function characterClasses(password: string): number {
  return [/[a-z]/u, /[A-Z]/u, /\d/u, /[^\p{L}\d]/u].filter((pattern) => pattern.test(password))
    .length;
}

/** aaaa, 1234, abcd, qwer: runs that add length but no real strength. */
function hasPredictableRun(password: string): boolean {
  if (/(.)\1{3,}/u.test(password)) return true;
  const lower = password.toLowerCase();
  for (const run of ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl']) {
    for (let start = 0; start + 4 <= run.length; start += 1) {
      if (lower.includes(run.slice(start, start + 4))) return true;
    }
  }
  return false;
}

export function passwordStrength(password: string, profileName = ''): PasswordStrength {
  const length = [...password].length;
  if (length < MIN_PASSWORD_CHARS) {
    return {
      level: 0,
      label: LABELS[0],
      hints: [`Use at least ${MIN_PASSWORD_CHARS} characters.`],
    };
  }
  const rule = checkNewPassword(password, profileName);
  if (!rule.ok) return { level: 0, label: REFUSED, hints: [rule.reason] };
  const hints: string[] = [];
  let points = length >= 16 ? 3 : length >= 12 ? 2 : 1;
  if (length < 12) hints.push('Longer is stronger: 12 characters or a short phrase.');
  const classes = characterClasses(password);
  if (classes >= 3) points += 1;
  else hints.push('Mix in capitals, digits or symbols.');
  if (hasPredictableRun(password)) {
    points -= 1;
    hints.push('Avoid runs like 1234, abcd or aaaa.');
  }
  const level = Math.min(4, Math.max(1, points)) as StrengthLevel;
  return { level, label: LABELS[level], hints: level === 4 ? [] : hints };
}
