import { parseArgs } from 'node:util';
import { UserFacingError } from '../../domain/errors';
import { toRunId } from '../../storage/records';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';
import {
  parsePositiveInt,
  requireOption,
  withProfileCommand,
  PROFILE_OPTIONS,
} from '../profile-access';
import { parseFormat } from '../run-scan';
import { describeRun, formatResults } from '../scan-output';

const USAGE = [
  'premia runs list --profile NAME [--limit N] [--password-stdin]',
  'premia runs show ID --profile NAME [--all] [--limit N] [--format table|csv|json] [--password-stdin]',
  'premia runs export ID --profile NAME [--out PATH] [--all] [--underlying NAME] [--format csv|json] [--password-stdin]',
].join('\n       ');

/** Past runs of a profile, read from its own database: no broker connection needed. */
export const runsCommand: Command = {
  name: 'runs',
  summary: "List, show and export a profile's past scans (offline)",
  usage: USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        limit: { type: 'string' },
        format: { type: 'string' },
        all: { type: 'boolean', default: false },
        out: { type: 'string' },
        underlying: { type: 'string' },
      },
    });
    const [action, rawId] = positionals;
    if (action !== 'list' && action !== 'show' && action !== 'export') {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const limit = parsePositiveInt(values.limit, '--limit');
    const runId =
      action === 'list' ? null : toRunId(Number(requireOption(rawId, 'The run id', USAGE)));
    return withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        if (runId === null) {
          const { runs } = await premia.runs.list(profile.id, {
            limit: Math.min(limit ?? 20, 200),
          });
          if (globals.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
          else if (runs.length === 0) io.stdout.write('No scans yet.\n');
          else {
            for (const run of runs) {
              io.stdout.write(
                `#${String(run.id).padEnd(5)} ${run.startedAt}  ${run.status.padEnd(11)} ${run.source.padEnd(9)} expiry ${run.expiry ?? '—'}  ${run.underlyingsTotal} underlyings, ${run.rowsPassing}/${run.rowsWritten} pass\n`,
              );
            }
          }
          return EXIT_OK;
        }
        if (action === 'export') {
          const format = parseFormat(values.format ?? 'csv');
          if (format === 'table') throw new UserFacingError('BAD_INPUT', 'Export as csv or json.');
          // Like the results screen: passing rows unless --all, best annualized return on margin first.
          const exported = await premia.runExports.export(
            profile.id,
            {
              runId,
              format,
              filter: {
                ...(values.all ? {} : { passesFilters: true }),
                ...(values.underlying === undefined
                  ? {}
                  : { underlyings: [values.underlying.toUpperCase()] }),
              },
              sort: { column: 'annualizedRomPct', direction: 'desc' },
              ...(values.out === undefined ? {} : { destination: values.out }),
            },
            'cli',
          );
          io.stdout.write(`Exported ${exported.rows} rows to ${exported.path ?? '(nowhere)'}\n`);
          return EXIT_OK;
        }
        const run = await premia.runs.get(profile.id, runId);
        const page = await premia.runs.results(profile.id, {
          runId,
          sort: { column: 'annualizedYieldPct', direction: 'desc' },
          filter: values.all ? {} : { passesFilters: true },
          limit: Math.min(limit ?? 20, 1000),
        });
        const format = parseFormat(values.format);
        io.stdout.write(formatResults(page.rows, format));
        if (format === 'table')
          io.stdout.write(describeRun(run, premia.storage.paths(profile.id).database));
        return EXIT_OK;
      },
    );
  },
};
