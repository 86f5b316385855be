import { parseArgs } from 'node:util';
import {
  DEFAULT_KITE_REDIRECT_PORT,
  type KiteAccount,
} from '../../../src-preload/contract/domains/kite';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';
import {
  parsePositiveInt,
  requireOption,
  withProfileCommand,
  PROFILE_OPTIONS,
} from '../profile-access';

const USAGE = [
  'premia kite login --profile NAME [--port 5055] [--password-stdin]',
  'premia kite exchange --profile NAME [--password-stdin]   (then paste the request_token or redirect URL)',
  'premia kite test --profile NAME [--password-stdin]',
].join('\n       ');

function describe(account: KiteAccount): string {
  return account.source === 'simulator'
    ? 'This profile has no Kite credentials: it uses the built-in market simulator.\n'
    : `Connected to Kite as ${account.userName} (${account.userId}); exchanges ${account.exchanges.join(', ')}.\n`;
}

/** Connects a profile to Kite: browser login with a loopback redirect, a pasted request_token, or a test call. */
export const kiteCommand: Command = {
  name: 'kite',
  summary: 'Log a profile in to Kite (browser or pasted request_token) and test the connection',
  usage: USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        port: { type: 'string' },
      },
    });
    const [action] = positionals;
    if (action !== 'login' && action !== 'exchange' && action !== 'test') {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const port = parsePositiveInt(values.port, '--port') ?? DEFAULT_KITE_REDIRECT_PORT;
    const account = await withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile, reader) => {
        if (action === 'test')
          return premia.kite.testConnection(profile.id, AbortSignal.timeout(60_000));
        if (action === 'exchange') {
          const pasted = await reader.read('request_token (or the redirect URL): ');
          return premia.kite.exchangeRequestToken(profile.id, pasted, AbortSignal.timeout(60_000));
        }
        return premia.kite.login(profile.id, port, AbortSignal.timeout(200_000));
      },
    );
    io.stdout.write(describe(account));
    return EXIT_OK;
  },
};
