import { parseArgs } from 'node:util';
import { splitSymbolList } from '../../market/symbols';
import { UserFacingError } from '../../domain/errors';
import type { Command } from '../io';
import {
  parsePositiveInt,
  requireOption,
  withProfileCommand,
  PROFILE_OPTIONS,
} from '../profile-access';
import { parseFormat, runScanFromCli } from '../run-scan';
import { FILTER_OPTIONS, FILTER_USAGE, filtersFromFlags } from '../scan-flags';

const USAGE = `premia scan --profile NAME (--symbols A,B,…|--watchlist NAME) [--expiry YYYY-MM-DD|nearest|nearest-weekly] ${FILTER_USAGE} [--format table|csv|json] [--limit N] [--password-stdin]`;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Scan underlyings for option-selling yields and store the run in the profile',
  usage: USAGE,
  async run(args, globals, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...PROFILE_OPTIONS,
        symbols: { type: 'string' },
        watchlist: { type: 'string' },
        expiry: { type: 'string' },
        format: { type: 'string' },
        limit: { type: 'string' },
        ...FILTER_OPTIONS,
      },
    });
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const symbols = values.symbols === undefined ? [] : splitSymbolList(values.symbols);
    if (symbols.length === 0 && values.watchlist === undefined) {
      throw new UserFacingError('BAD_INPUT', `Give --symbols or --watchlist. Usage: ${USAGE}`);
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
    const format = parseFormat(values.format);
    const limit = Math.min(parsePositiveInt(values.limit, '--limit') ?? 20, 1000);
    return withProfileCommand(globals, io, name, values['password-stdin'], (premia, profile) =>
      runScanFromCli(
        premia,
        {
          profileId: profile.id,
          symbols,
          watchlist: values.watchlist ?? null,
          expiry,
          filters,
          format,
          limit,
        },
        io,
      ),
    );
  },
};
