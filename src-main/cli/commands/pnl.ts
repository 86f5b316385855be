import { parseArgs } from 'node:util';
import { PnlWindowSchema } from '../../../src-preload/contract/domains/journal';
import { UserFacingError } from '../../domain/errors';
import { EXIT_OK, type Command } from '../io';
import { formatSummary } from '../journal-output';
import { PROFILE_OPTIONS, requireOption, withProfileCommand } from '../profile-access';
import { parseFormat } from '../run-scan';

const USAGE =
  'premia pnl --profile NAME [--from DAY] [--to DAY] [--by day|underlying|expiry|tag] [--format table|csv|json] [--password-stdin]';
const GROUPINGS = {
  day: 'days',
  underlying: 'byUnderlying',
  expiry: 'byExpiry',
  tag: 'byTag',
} as const;

/** Realized P&L (FIFO, gross and net of estimated charges) and statistics, offline. */
export const pnlCommand: Command = {
  name: 'pnl',
  summary: "A profile's realized P&L by day, underlying, expiry or strategy tag, with statistics",
  usage: USAGE,
  async run(args, globals, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...PROFILE_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        by: { type: 'string', default: 'day' },
        format: { type: 'string' },
      },
    });
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const by = values.by;
    if (by !== 'day' && by !== 'underlying' && by !== 'expiry' && by !== 'tag') {
      throw new UserFacingError(
        'BAD_INPUT',
        `--by is day, underlying, expiry or tag, not "${by}".`,
      );
    }
    const window = PnlWindowSchema.safeParse({ from: values.from, to: values.to });
    if (!window.success)
      throw new UserFacingError('BAD_INPUT', '--from and --to are dates like 2026-11-30.');
    const format = globals.json ? 'json' : parseFormat(values.format);
    return withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        const summary = await premia.journal.summary(profile.id, window.data);
        io.stdout.write(`${formatSummary(summary, summary[GROUPINGS[by]], by, format)}\n`);
        return EXIT_OK;
      },
    );
  },
};
