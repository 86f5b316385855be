import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { CredentialsView, ProfileId } from '../../../src-preload/contract';
import type { Premia } from '../../app/create-premia';
import { UserFacingError } from '../../domain/errors';
import {
  LEGACY_FILE_MAX_BYTES,
  parseLegacyCredentials,
  type LegacyCredentials,
} from '../../vault/legacy-import';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command } from '../io';
import { openPremia } from '../premia-for-cli';
import { requireOption, withUnlockedProfile, PROFILE_OPTIONS } from '../profile-access';
import { createSecretReader, readNewPassword } from '../secret-input';
import { describeCredentials } from './credentials';

const USAGE =
  'premia import-legacy <kite_credentials.conf> --profile NAME [--create] [--password-stdin]';

/** Read and parsed completely before Premia opens: a bad file changes nothing. */
async function readLegacyFile(
  path: string,
): Promise<{ legacy: LegacyCredentials; modifiedAt: Date }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserFacingError('NOT_FOUND', `Cannot read ${path}: ${reason}`);
  }
  if (!info.isFile()) throw new UserFacingError('BAD_INPUT', `${path} is not a file.`);
  if (info.size > LEGACY_FILE_MAX_BYTES) {
    throw new UserFacingError(
      'BAD_INPUT',
      `${path} is ${info.size} bytes; a credentials file is a few lines.`,
    );
  }
  const legacy = parseLegacyCredentials(await readFile(path, 'utf8'), basename(path));
  return { legacy, modifiedAt: info.mtime };
}

async function importIntoNewProfile(
  premia: Premia,
  name: string,
  io: CliIo,
  fromStdin: boolean,
  save: (profileId: ProfileId) => Promise<CredentialsView>,
): Promise<CredentialsView> {
  const reader = createSecretReader(io, fromStdin);
  const password = await readNewPassword(reader, fromStdin, name);
  const profile = await premia.vault.profiles.create({ name, password }, { signIn: true });
  try {
    return await save(profile.id);
  } catch (error) {
    // Nothing partial: a profile created only for this import goes again.
    await premia.vault.profiles.delete(profile.id, { password });
    throw error;
  } finally {
    await premia.vault.profiles.logout(profile.id);
  }
}

export const importLegacyCommand: Command = {
  name: 'import-legacy',
  summary: 'Import API key, secret and access token from the old kite_credentials.conf',
  usage: USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        create: { type: 'boolean', default: false },
      },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const { legacy, modifiedAt } = await readLegacyFile(file);
    const premia = await openPremia(globals, io);
    try {
      const save = (profileId: ProfileId): Promise<CredentialsView> =>
        premia.vault.credentials.importLegacy(profileId, legacy, modifiedAt, basename(file));
      const fromStdin = values['password-stdin'];
      let view: CredentialsView;
      if (values.create) {
        if (premia.registry.findByName(name) !== undefined) {
          throw new UserFacingError(
            'CONFLICT',
            `A profile named "${name.trim()}" already exists; leave out --create to import into it.`,
          );
        }
        view = await importIntoNewProfile(premia, name, io, fromStdin, save);
      } else {
        if (premia.registry.findByName(name) === undefined) {
          throw new UserFacingError(
            'NOT_FOUND',
            `There is no profile named "${name.trim()}". Add --create to make one.`,
          );
        }
        const reader = createSecretReader(io, fromStdin);
        view = await withUnlockedProfile(premia, name, reader, (profile) => save(profile.id));
      }
      if (globals.json) {
        io.stdout.write(
          `${JSON.stringify({ ...view, ignoredKeys: legacy.ignoredKeys }, null, 2)}\n`,
        );
        return EXIT_OK;
      }
      const profileName = premia.vault.profiles.findByName(name).name;
      const notes = [
        `Imported ${file} into "${profileName}".`,
        describeCredentials(profileName, view),
        ...(legacy.ignoredKeys.length > 0
          ? [`Ignored keys Premia does not use: ${legacy.ignoredKeys.join(', ')}.`]
          : []),
      ];
      io.stdout.write(`${notes.join('\n')}\n`);
      return EXIT_OK;
    } finally {
      await premia.close();
    }
  },
};
