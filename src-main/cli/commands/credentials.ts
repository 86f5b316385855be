import { parseArgs } from 'node:util';
import type { CredentialsView, ProfileId, TokenStatus } from '../../../src-preload/contract';
import type { Premia } from '../../app/create-premia';
import { UserFacingError } from '../../domain/errors';
import { EXIT_OK, type CliIo, type Command, type GlobalOptions } from '../io';
import { openPremia } from '../premia-for-cli';
import { PROFILE_OPTIONS, requireOption, VIA_CLI, withUnlockedProfile } from '../profile-access';
import { createSecretReader, type SecretReader } from '../secret-input';

const USAGE = [
  'premia credentials show --profile NAME [--password-stdin]',
  '       premia credentials set --profile NAME [--api-key KEY] [--api-secret] [--password-stdin]',
  '       premia credentials set-api-root URL --profile NAME [--password-stdin]',
  '       premia credentials set-token --profile NAME [--password-stdin]',
  '       premia credentials clear --profile NAME [--password-stdin]',
  '',
  'The profile password is asked first. --api-secret and set-token then ask for the secret or',
  'token the same way (with --password-stdin: the next line of standard input). Output is masked.',
  'set-api-root points the profile at a test server on this machine (or back to',
  'https://api.kite.trade); it drops the saved access token and is written to the audit log.',
].join('\n');

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

/** Traders read Kite's times in IST, whatever the machine's time zone. */
export function formatIst(iso: string): string {
  const shifted = new Date(Date.parse(iso) + IST_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} IST`;
}

export function describeToken(token: TokenStatus): string {
  switch (token.status) {
    case 'missing':
      return 'missing';
    case 'valid':
      return `valid until ${formatIst(token.expiresAt)} (set ${formatIst(token.setAt)})`;
    case 'expired':
      return `expired at ${formatIst(token.expiredAt)} (set ${formatIst(token.setAt)})`;
  }
}

export function describeCredentials(name: string, view: CredentialsView): string {
  const storedIn = {
    os: 'the OS keychain',
    'registry-fallback': 'the registry (sealed; no OS keychain)',
    none: 'nothing saved',
  }[view.storedIn];
  return [
    `Profile       ${name}`,
    `API key       ${view.apiKey ?? 'not set'}`,
    `API secret    ${view.apiSecret ?? 'not set'}`,
    `Access token  ${view.accessToken ?? 'not set'} — ${describeToken(view.token)}`,
    `API root      ${view.apiRoot}`,
    `Stored in     ${storedIn}`,
    ...(view.usesSimulator ? ['Without an API key this profile uses the built-in simulator.'] : []),
  ].join('\n');
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...PROFILE_OPTIONS,
      'api-key': { type: 'string' },
      'api-secret': { type: 'boolean', default: false },
    },
  });
}

async function act(
  premia: Premia,
  action: string,
  parsed: ReturnType<typeof parse>,
  reader: SecretReader,
  profileId: ProfileId,
): Promise<CredentialsView> {
  const credentials = premia.vault.credentials;
  switch (action) {
    case 'show':
      return credentials.get(profileId);
    case 'set': {
      const apiSecret = parsed.values['api-secret']
        ? await reader.read('Kite API secret: ')
        : undefined;
      const changes = {
        apiKey: parsed.values['api-key'],
        apiSecret,
      };
      if (Object.values(changes).every((value) => value === undefined)) {
        throw new UserFacingError('BAD_INPUT', `Nothing to set. Usage: ${USAGE}`);
      }
      return credentials.set(profileId, changes);
    }
    case 'set-token':
      return credentials.setAccessToken(
        profileId,
        (await reader.read('Kite access token: ')).trim(),
      );
    case 'clear':
      return credentials.clear(profileId);
    default:
      throw new UserFacingError('BAD_INPUT', `Unknown action "${action}". Usage: ${USAGE}`);
  }
}

/** The service checks the password itself (it is not enough to hold an unlocked session). */
async function changeApiRoot(
  premia: Premia,
  name: string,
  reader: SecretReader,
  apiRoot: string,
): Promise<{ profileName: string; view: CredentialsView }> {
  const profile = premia.vault.profiles.findByName(name);
  const password = await reader.read(`Password for "${profile.name}": `);
  await premia.vault.profiles.login(profile.id, password, VIA_CLI);
  try {
    const view = await premia.vault.credentials.setApiRoot(profile.id, password, apiRoot);
    return { profileName: profile.name, view };
  } finally {
    await premia.vault.profiles.logout(profile.id);
  }
}

async function run(
  premia: Premia,
  parsed: ReturnType<typeof parse>,
  globals: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [action, ...extra] = parsed.positionals;
  const apiRoot = action === 'set-api-root' ? extra.shift() : undefined;
  if (action === undefined || extra.length > 0 || (action === 'set-api-root' && !apiRoot)) {
    throw new UserFacingError('BAD_INPUT', `Usage: ${USAGE}`);
  }
  const name = requireOption(parsed.values.profile, '--profile NAME', USAGE);
  const reader = createSecretReader(io, parsed.values['password-stdin']);
  const { profileName, view } =
    apiRoot === undefined
      ? await withUnlockedProfile(premia, name, reader, async (profile) => ({
          profileName: profile.name,
          view: await act(premia, action, parsed, reader, profile.id),
        }))
      : await changeApiRoot(premia, name, reader, apiRoot);
  io.stdout.write(
    globals.json
      ? `${JSON.stringify(view, null, 2)}\n`
      : `${describeCredentials(profileName, view)}\n`,
  );
  return EXIT_OK;
}

export const credentialsCommand: Command = {
  name: 'credentials',
  summary: "Show (masked), set or clear a profile's Kite credentials and access token",
  usage: USAGE,
  async run(args, globals, io) {
    const parsed = parse(args);
    const premia = await openPremia(globals, io);
    try {
      return await run(premia, parsed, globals, io);
    } finally {
      await premia.close();
    }
  },
};
