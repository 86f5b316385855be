import { defaultDataDir } from '../app/data-dir';
import { auditCommand } from './commands/audit';
import { credentialsCommand } from './commands/credentials';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { importLegacyCommand } from './commands/import-legacy';
import { kiteCommand } from './commands/kite';
import { profilesCommand } from './commands/profiles';
import { runsCommand } from './commands/runs';
import { scanCommand } from './commands/scan';
import { settingsCommand } from './commands/settings';
import { versionCommand } from './commands/version';
import { workspaceCommand } from './commands/workspace';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo, type Command } from './io';
import { UserFacingError } from '../domain/errors';

const COMMANDS: readonly Command[] = [
  demoCommand,
  scanCommand,
  settingsCommand,
  runsCommand,
  workspaceCommand,
  versionCommand,
  doctorCommand,
  profilesCommand,
  credentialsCommand,
  auditCommand,
  importLegacyCommand,
  kiteCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Premia — option-selling scanner for Kite Connect traders',
    '',
    'Usage: premia [--data-dir DIR] [--json] <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    '  --data-dir DIR  where profiles and databases live (default: $PREMIA_DATA_DIR or the app folder)',
    '  --json          machine-readable output',
    '  -h, --help      this help; `premia <command> --help` for a command',
    '',
  ].join('\n');
}

/** Splits global options (before or after the command) from the command's own arguments. */
function splitArgs(argv: readonly string[]): {
  globals: { dataDir?: string; json: boolean; help: boolean };
  rest: string[];
} {
  const rest: string[] = [];
  const globals: { dataDir?: string; json: boolean; help: boolean } = { json: false, help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--json') globals.json = true;
    else if (arg === '--help' || arg === '-h') globals.help = true;
    else if (arg === '--data-dir') {
      const value = argv[index + 1];
      if (value === undefined) throw new UserFacingError('BAD_INPUT', '--data-dir needs a folder.');
      globals.dataDir = value;
      index += 1;
    } else if (arg.startsWith('--data-dir=')) globals.dataDir = arg.slice('--data-dir='.length);
    else rest.push(arg);
  }
  return { globals, rest };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { globals, rest } = splitArgs(argv);
    const [name, ...args] = rest;
    if (name === undefined || name === 'help') {
      io.stdout.write(helpText());
      return name === undefined && !globals.help ? EXIT_USAGE : EXIT_OK;
    }
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command === undefined) {
      io.stderr.write(`premia: unknown command "${name}". Run \`premia --help\` for the list.\n`);
      return EXIT_USAGE;
    }
    if (globals.help) {
      io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return EXIT_OK;
    }
    return await command.run(
      args,
      { dataDir: globals.dataDir ?? defaultDataDir(io.env), json: globals.json },
      io,
    );
  } catch (error) {
    if (error instanceof UserFacingError) {
      io.stderr.write(`premia: ${error.message}\n`);
      return error.code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILED;
    }
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr.write(`premia: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(
      `premia: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILED;
  }
}
