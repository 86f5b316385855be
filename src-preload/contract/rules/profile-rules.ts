/**
 * What a profile name and a new password must look like. Pure functions returning either the
 * cleaned value or a sentence for the trader, so main (IPC and CLI) and the renderer's password
 * feedback give the same answer from one implementation.
 */

export const NAME_MAX_CHARS = 40;
export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 1024;

export type RuleOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Control characters and bidi overrides: invisible, or able to make one name look like another. */
const FORBIDDEN_IN_NAME = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function codePoints(text: string): number {
  return [...text].length;
}

export function cleanProfileName(raw: string): RuleOutcome<string> {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) return { ok: false, reason: 'A profile needs a name.' };
  if (codePoints(name) > NAME_MAX_CHARS) {
    return { ok: false, reason: `A profile name can be at most ${NAME_MAX_CHARS} characters.` };
  }
  if (FORBIDDEN_IN_NAME.test(name)) {
    return {
      ok: false,
      reason: 'A profile name cannot contain control characters or text-direction marks.',
    };
  }
  return { ok: true, value: name };
}

/** Two names that differ only in case or Unicode composition are the same profile. */
export function profileNameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/**
 * Passwords people pick first. Premia's KDF makes each guess slow, but a list like this one is
 * the attacker's first thousand guesses, so none of these is accepted.
 */
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11223344',
  '12341234',
  '12121212',
  'qwertyui',
  'qwerty12',
  'qwerty123',
  'qwertyuiop',
  'asdfghjk',
  'asdfasdf',
  'zxcvbnm1',
  '1q2w3e4r',
  '1qaz2wsx',
  'abcd1234',
  'abc12345',
  'abcdefgh',
  'iloveyou',
  'letmein1',
  'welcome1',
  'welcome123',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'cricket1',
  'superman',
  'starwars',
  'trustno1',
  'whatever',
  'computer',
  'internet',
  'monkey12',
  'dragon12',
  'master12',
  'changeme',
  'default1',
  'admin123',
  'administrator',
  'secret12',
  'india123',
  'india@123',
  'bharat123',
  'mumbai123',
  'sachin10',
  'zerodha1',
  'zerodha123',
  'kiteconnect',
  'premia123',
  'trading1',
  'trader123',
  'options1',
  'nifty50',
  'niftybank',
  'banknifty',
  'sensex123',
  'money123',
  'profit123',
]);

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'];

function isSequence(lowered: string): boolean {
  return SEQUENCES.some(
    (sequence) => sequence.includes(lowered) || [...sequence].reverse().join('').includes(lowered),
  );
}

export function checkNewPassword(password: string, profileName: string): RuleOutcome<string> {
  const length = codePoints(password);
  if (length < PASSWORD_MIN_CHARS) {
    return { ok: false, reason: `A password needs at least ${PASSWORD_MIN_CHARS} characters.` };
  }
  if (length > PASSWORD_MAX_CHARS) {
    return { ok: false, reason: `A password can be at most ${PASSWORD_MAX_CHARS} characters.` };
  }
  const lowered = password.normalize('NFC').toLowerCase();
  if (new Set(lowered).size === 1) {
    return { ok: false, reason: 'That password repeats one character; pick a stronger one.' };
  }
  if (COMMON_PASSWORDS.has(lowered) || isSequence(lowered)) {
    return { ok: false, reason: 'That password is one of the first an attacker would try.' };
  }
  const nameKey = profileNameKey(profileName).replace(/\s+/g, '');
  if (nameKey.length >= 3 && lowered.replace(/\s+/g, '').includes(nameKey)) {
    return { ok: false, reason: 'A password must not contain the profile name.' };
  }
  return { ok: true, value: password };
}
