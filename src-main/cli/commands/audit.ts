import { parseArgs } from 'node:util';
import { EXIT_OK, type Command } from '../io';
import {
  parsePositiveInt,
  requireOption,
  withProfileCommand,
  PROFILE_OPTIONS,
} from '../profile-access';

const USAGE = 'premia audit --profile NAME [--limit N] [--before ID] [--password-stdin]';

export const auditCommand: Command = {
  name: 'audit',
  summary: "Show a profile's audit log (sign-ins, locks, credential changes), newest first",
  usage: USAGE,
  async run(args, globals, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...PROFILE_OPTIONS,
        limit: { type: 'string' },
        before: { type: 'string' },
      },
    });
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const limit = Math.min(parsePositiveInt(values.limit, '--limit') ?? 50, 500);
    const beforeId = parsePositiveInt(values.before, '--before');
    const entries = await withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      (premia, profile) => premia.vault.auditEntries(profile.id, { limit, beforeId }),
    );
    if (globals.json) {
      io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return EXIT_OK;
    }
    const lines = entries.map(
      (entry) =>
        `${String(entry.id).padStart(6)}  ${entry.at}  ${entry.action.padEnd(20)} ${entry.outcome.padEnd(7)}  ${entry.detail}`,
    );
    io.stdout.write(`${lines.length === 0 ? 'The audit log is empty.' : lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
