import { systemClock } from '../app/clock';
import { defaultDataDir } from '../app/data-dir';
import { createFileLogger, type FileLogger } from '../app/file-logger';
import type { LogLevel } from '../app/logger';
import { lazy, loadCommand, type LazyCommand } from './lazy-command';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo, type Command } from './io';
import { UserFacingError } from '../domain/errors';
import { whereDetailsAre } from '../app/logger';

/** A command that signs a profile in: main.ts starts the storage writer before loading it. */
const PROFILE = { opensProfile: true } as const;

/**
 * Every command, loaded only when it runs: `premia version` should not pay for zod, SQLite and
 * the scan engine. The summary is here so `premia --help` loads nothing; a test checks it matches
 * the command's own. An eagerly imported Command works here too (it just is not lazy).
 */
export const COMMANDS: readonly (Command | LazyCommand)[] = [
  lazy(
    'demo',
    'Scan every F&O stock on the built-in simulator in the "Demo" profile (created if missing)',
    () => import('./commands/demo').then((m) => m.demoCommand),
    PROFILE,
  ),
  lazy(
    'scan',
    'Scan underlyings for option-selling yields and store the run in the profile',
    () => import('./commands/scan').then((m) => m.scanCommand),
    PROFILE,
  ),
  lazy(
    'settings',
    "Show or change a profile's scan settings: risk-free rate, expiry rule",
    () => import('./commands/settings').then((m) => m.settingsCommand),
    PROFILE,
  ),
  lazy(
    'runs',
    "List, show and export a profile's past scans (offline)",
    () => import('./commands/runs').then((m) => m.runsCommand),
    PROFILE,
  ),
  lazy(
    'workspace',
    "A profile's disk usage, backup and restore, and how long runs are kept",
    () => import('./commands/workspace').then((m) => m.workspaceCommand),
    PROFILE,
  ),
  lazy('version', 'Print the Premia version', () =>
    import('./commands/version').then((m) => m.versionCommand),
  ),
  lazy(
    'doctor',
    'Check this machine: native modules and their ABI, OS keychain, data directory, disk',
    () => import('./commands/doctor').then((m) => m.doctorCommand),
  ),
  lazy('profiles', 'List, create, delete profiles; change a password; set quotas (owner)', () =>
    import('./commands/profiles').then((m) => m.profilesCommand),
  ),
  lazy(
    'credentials',
    "Show (masked), set or clear a profile's Kite credentials and access token",
    () => import('./commands/credentials').then((m) => m.credentialsCommand),
  ),
  lazy(
    'audit',
    "Show a profile's audit log (sign-ins, locks, credential changes), newest first",
    () => import('./commands/audit').then((m) => m.auditCommand),
    PROFILE,
  ),
  lazy(
    'import-legacy',
    'Import API key, secret and access token from the old kite_credentials.conf',
    () => import('./commands/import-legacy').then((m) => m.importLegacyCommand),
  ),
  lazy(
    'kite',
    'Log a profile in to Kite (browser or pasted request_token) and test the connection',
    () => import('./commands/kite').then((m) => m.kiteCommand),
    PROFILE,
  ),
  lazy(
    'trades',
    "Import Console tradebooks, sync today's Kite trades, list a profile's trades",
    () => import('./commands/journal').then((m) => m.tradesCommand),
    PROFILE,
  ),
  lazy(
    'pnl',
    "A profile's realized P&L by day, underlying, expiry or strategy tag, with statistics",
    () => import('./commands/journal').then((m) => m.pnlCommand),
    PROFILE,
  ),
  lazy(
    'agents',
    "List, add, pause, run or serve a profile's scheduled scan agents",
    () => import('./commands/agents').then((m) => m.agentsCommand),
    PROFILE,
  ),
  lazy(
    'alerts',
    "A profile's agent alerts (newest first); mark them read",
    () => import('./commands/agents').then((m) => m.alertsCommand),
    PROFILE,
  ),
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
    "Logs: <data dir>/logs/premia.log (and each profile's logs/), rotated by size and day;",
    '  PREMIA_LOG_LEVEL=debug|info|warn|error also prints log lines on stderr.',
    '',
    'Exit codes: 0 ok, 1 failed (for scan: no underlying succeeded), 2 wrong command line,',
    '  3 scan finished with some underlyings failed (the rest are stored).',
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

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The data directory a command line names (or the default), for the entry point's log file. */
export function dataDirOf(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  try {
    return splitArgs(argv).globals.dataDir ?? defaultDataDir(env);
  } catch {
    return defaultDataDir(env);
  }
}

/** The CLI's log: <data dir>/logs/premia.log, echoed on stderr only when PREMIA_LOG_LEVEL asks. */
export function createCliLogger(dataDir: string, io: CliIo): FileLogger {
  const echo = LOG_LEVELS.find((level) => level === io.env.PREMIA_LOG_LEVEL);
  return createFileLogger({
    dataDir,
    clock: systemClock,
    level: echo === 'debug' ? 'debug' : 'info',
    ...(echo === undefined ? {} : { echo: { stream: io.stderr, level: echo } }),
  });
}

/**
 * Runs one command line. The entry point passes the process's logger (it also logs crashes);
 * without one, runCli opens the data directory's log for the command and closes it after.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  logger?: FileLogger,
): Promise<number> {
  const log = logger ?? createCliLogger(dataDirOf(argv, io.env), io);
  try {
    return await runCommandLine(argv, io, log);
  } finally {
    if (logger === undefined) log.close();
  }
}

async function runCommandLine(
  argv: readonly string[],
  io: CliIo,
  logger: FileLogger,
): Promise<number> {
  try {
    const { globals, rest } = splitArgs(argv);
    const [name, ...args] = rest;
    if (name === undefined || name === 'help') {
      io.stdout.write(helpText());
      return name === undefined && !globals.help ? EXIT_USAGE : EXIT_OK;
    }
    const entry = COMMANDS.find((candidate) => candidate.name === name);
    if (entry === undefined) {
      io.stderr.write(`premia: unknown command "${name}". Run \`premia --help\` for the list.\n`);
      return EXIT_USAGE;
    }
    const dataDir = globals.dataDir ?? defaultDataDir(io.env);
    const early =
      !globals.help && 'opensProfile' in entry && entry.opensProfile
        ? (await import('./early-writer')).startEarlyWriter(dataDir, logger)
        : undefined;
    try {
      const command = await loadCommand(entry);
      if (globals.help) {
        io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
        return EXIT_OK;
      }
      return await command.run(
        args,
        { dataDir, json: globals.json, logger, ...(early ? { takeWriter: early.take } : {}) },
        io,
      );
    } finally {
      await early?.release();
    }
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
    logger.error('cli.failed', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    io.stderr.write(
      `premia: unexpected failure: ${error instanceof Error ? error.message : String(error)}. ${whereDetailsAre(logger)}\n`,
    );
    return EXIT_FAILED;
  }
}
