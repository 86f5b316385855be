import { parseArgs } from 'node:util';
import { splitSymbolList } from '../../../src-preload/contract';
import { UserFacingError } from '../../domain/errors';
import type { Command } from '../io';
import {
  parsePositiveInt,
  requireOption,
  withProfileCommand,
  PROFILE_OPTIONS,
} from '../profile-access';
import { parseFormat, runScanFromCli } from '../run-scan';
import { FILTER_OPTIONS, FILTER_USAGE, filtersFromFlags, modelFromFlags } from '../scan-flags';

const USAGE = `premia scan --profile NAME (--symbols A,B,…|--universe fno-stocks|indices|--watchlist NAME) [--expiry YYYY-MM-DD|nearest|nearest-weekly] ${FILTER_USAGE} [--format table|csv|json] [--limit N] [--password-stdin]`;

/** A script running scans needs to tell "all", "some" and "none" apart. */
const EXIT_HELP = [
  'Exit codes: 0 every underlying was scanned; 3 some underlyings failed (the rest are stored,',
  'the summary lists what failed); 1 no underlying could be scanned or the scan failed;',
  '2 wrong command line.',
].join('\n');

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Scan underlyings for option-selling yields and store the run in the profile',
  usage: `${USAGE}\n\n${EXIT_HELP}`,
  async run(args, globals, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...PROFILE_OPTIONS,
        symbols: { type: 'string' },
        watchlist: { type: 'string' },
        universe: { type: 'string' },
        expiry: { type: 'string' },
        format: { type: 'string' },
        limit: { type: 'string' },
        ...FILTER_OPTIONS,
      },
    });
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const symbols = values.symbols === undefined ? [] : splitSymbolList(values.symbols);
    const universe = values.universe;
    if (universe !== undefined && universe !== 'fno-stocks' && universe !== 'indices') {
      throw new UserFacingError(
        'BAD_INPUT',
        `--universe is fno-stocks or indices, not "${universe}".`,
      );
    }
    if (universe !== undefined && values.watchlist !== undefined) {
      throw new UserFacingError('BAD_INPUT', 'Give --universe or --watchlist, not both.');
    }
    // The universes are the built-in watchlist presets of the day's instrument list.
    const watchlist = universe ?? values.watchlist ?? null;
    if (symbols.length === 0 && watchlist === null) {
      throw new UserFacingError(
        'BAD_INPUT',
        `Give --symbols, --universe or --watchlist. Usage: ${USAGE}`,
      );
    }
    const expiry = values.expiry ?? 'nearest';
    if (
      expiry !== 'nearest' &&
      expiry !== 'nearest-weekly' &&
      !/^\d{4}-\d{2}-\d{2}$/.test(expiry)
    ) {
      throw new UserFacingError(
        'BAD_INPUT',
        `--expiry is YYYY-MM-DD, "nearest" (monthly) or "nearest-weekly", not "${expiry}".`,
      );
    }
    const filters = filtersFromFlags(values);
    const model = modelFromFlags(values);
    const format = parseFormat(values.format);
    const limit = Math.min(parsePositiveInt(values.limit, '--limit') ?? 20, 1000);
    return withProfileCommand(globals, io, name, values['password-stdin'], (premia, profile) =>
      runScanFromCli(
        premia,
        {
          profileId: profile.id,
          symbols,
          watchlist,
          expiry,
          filters,
          model,
          format,
          limit,
        },
        io,
      ),
    );
  },
};
