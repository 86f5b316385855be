import type { ProfileSummary } from '../../src-preload/contract';
import type { Premia } from '../app/create-premia';
import { UserFacingError } from '../domain/errors';
import type { CliIo, GlobalOptions } from './io';
import { withPremia } from './premia-for-cli';
import { createSecretReader, type SecretReader } from './secret-input';

export const VIA_CLI = 'the command line';

/** parseArgs options every profile command takes. */
export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
} as const;

export function requireOption(value: string | undefined, option: string, usage: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UserFacingError('BAD_INPUT', `${option} is required. Usage: ${usage}`);
  }
  return value;
}

/**
 * Signs the named profile in with its password, runs the work, signs it out again. The CLI never
 * keeps a session between commands: each command asks for the password.
 */
export async function withUnlockedProfile<T>(
  premia: Premia,
  name: string,
  reader: SecretReader,
  work: (profile: ProfileSummary) => Promise<T>,
): Promise<T> {
  const profile = premia.vault.profiles.findByName(name);
  // Its database opens while the password is read and derived (a wrong password opens it too,
  // to audit the failure).
  premia.storage.prepareProfile(profile.id);
  const password = await reader.read(`Password for "${profile.name}": `);
  await premia.vault.profiles.login(profile.id, password, VIA_CLI);
  try {
    return await work(profile);
  } finally {
    await premia.vault.profiles.logout(profile.id);
  }
}

export function parsePositiveInt(raw: string | undefined, option: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) {
    throw new UserFacingError('BAD_INPUT', `${option} needs a whole number above 0, not "${raw}".`);
  }
  return Number(raw);
}

/**
 * The common shape of a profile command: open Premia, ask for the profile's password (prompt or
 * --password-stdin), run the work signed in, sign out and close.
 */
export function withProfileCommand<T>(
  globals: GlobalOptions,
  io: CliIo,
  profileName: string,
  passwordStdin: boolean,
  work: (premia: Premia, profile: ProfileSummary, reader: SecretReader) => Promise<T>,
): Promise<T> {
  return withPremia(globals, io, (premia) => {
    // Every profile command writes (its sign-in is audited): start the writer thread while the
    // password is read and derived.
    premia.storage.prepareWriter();
    const reader = createSecretReader(io, passwordStdin);
    return withUnlockedProfile(premia, profileName, reader, (profile) =>
      work(premia, profile, reader),
    );
  });
}
