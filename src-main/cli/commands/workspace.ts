import { parseArgs } from 'node:util';
import { formatBytes } from '../../storage/disk';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';
import {
  parsePositiveInt,
  requireOption,
  withProfileCommand,
  PROFILE_OPTIONS,
} from '../profile-access';

const USAGE = [
  'premia workspace usage --profile NAME [--all] [--password-stdin]',
  'premia workspace backup --profile NAME [--password-stdin]',
  'premia workspace restore FILE --profile NAME [--password-stdin]',
  'premia workspace retention DAYS|off --profile NAME [--password-stdin]',
].join('\n       ');

/** A profile's disk usage, backups, restore and retention (the owner: every profile's usage). */
export const workspaceCommand: Command = {
  name: 'workspace',
  summary: "A profile's disk usage, backup and restore, and how long runs are kept",
  usage: USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        all: { type: 'boolean', default: false },
      },
    });
    const [action, argument] = positionals;
    if (
      action !== 'usage' &&
      action !== 'backup' &&
      action !== 'restore' &&
      action !== 'retention'
    ) {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const retentionDays =
      action === 'retention'
        ? requireOption(argument, 'DAYS (or off)', USAGE) === 'off'
          ? null
          : (parsePositiveInt(argument, 'retention DAYS') ?? null)
        : undefined;
    const restoreFrom = action === 'restore' ? requireOption(argument, 'FILE', USAGE) : '';
    const output = await withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        const { workspace } = premia;
        if (action === 'backup') return (await workspace.backup(profile.id)).path;
        if (action === 'restore') {
          const restored = await workspace.restoreFile(profile.id, restoreFrom);
          return `Restored (schema ${restored.schemaVersion}).${restored.safetyCopy === null ? '' : ` The replaced database is kept at ${restored.safetyCopy}.`}`;
        }
        if (action === 'retention') {
          const result = await workspace.setRetention(profile.id, retentionDays ?? null);
          return result.retentionDays === null
            ? 'Every run is kept.'
            : `Runs older than ${result.retentionDays} days are deleted: ${result.runsDeleted} deleted now, ${formatBytes(result.bytesFreed)} freed.`;
        }
        if (values.all) {
          const rows = await workspace.usageAll(profile.id);
          return rows
            .map(
              (row) =>
                `${row.name.padEnd(24)} ${formatBytes(row.totalBytes).padStart(10)} of ${formatBytes(row.quotaBytes)}`,
            )
            .join('\n');
        }
        const {
          usage,
          quotaBytes,
          logFile,
          retentionDays: kept,
          agents,
        } = await workspace.usage(profile.id);
        return [
          `database ${formatBytes(usage.databaseBytes)}, exports ${formatBytes(usage.exportsBytes)}, backups ${formatBytes(usage.backupsBytes)}, logs ${formatBytes(usage.logsBytes)}`,
          `total ${formatBytes(usage.totalBytes)} of a ${formatBytes(quotaBytes)} quota; ${kept === null ? 'every run is kept' : `runs are kept ${kept} days`}`,
          `agents ${agents.agents}: ${agents.agentRuns} runs (${agents.agentRunsRolledUp} rolled up to a summary), ${agents.optionRowsKept} option rows in ${agents.scanRunsKept} scans kept, ${agents.alerts} alerts (${agents.unreadAlerts} unread)`,
          `log ${logFile}`,
        ].join('\n');
      },
    );
    io.stdout.write(`${output}\n`);
    return EXIT_OK;
  },
};
