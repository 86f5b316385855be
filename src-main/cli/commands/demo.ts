import { parseArgs } from 'node:util';
import { splitSymbolList } from '../../../src-preload/contract';
import type { Command } from '../io';
import { withPremia } from '../premia-for-cli';
import { parsePositiveInt, VIA_CLI } from '../profile-access';
import { parseFormat, runScanFromCli } from '../run-scan';
import { FILTER_OPTIONS, FILTER_USAGE, filtersFromFlags } from '../scan-flags';

/** The demo profile holds no secrets (it scans the built-in simulator), so its password is public. */
export const DEMO_PROFILE = 'Demo';
export const DEMO_PASSWORD = 'simulated-market-only';

export const demoCommand: Command = {
  name: 'demo',
  summary: `Scan every F&O stock on the built-in simulator in the "${DEMO_PROFILE}" profile (created if missing)`,
  usage: `premia demo [--symbols A,B,…] [--expiry YYYY-MM-DD|nearest|nearest-weekly] ${FILTER_USAGE} [--format table|csv|json] [--limit N]`,
  async run(args, globals, io) {
    const { values } = parseArgs({
      args,
      options: {
        symbols: { type: 'string' },
        expiry: { type: 'string' },
        format: { type: 'string' },
        limit: { type: 'string' },
        ...FILTER_OPTIONS,
      },
    });
    const filters = filtersFromFlags(values);
    const format = parseFormat(values.format);
    const limit = Math.min(parsePositiveInt(values.limit, '--limit') ?? 20, 1000);
    const symbols = values.symbols === undefined ? [] : splitSymbolList(values.symbols);
    return withPremia(globals, io, async (premia) => {
      const existing = premia.vault.profiles
        .list()
        .find((profile) => profile.name === DEMO_PROFILE);
      const profile =
        existing ??
        (await premia.vault.profiles.create({ name: DEMO_PROFILE, password: DEMO_PASSWORD }));
      if (existing === undefined) {
        io.stderr.write(
          `Created the profile "${DEMO_PROFILE}" (password: ${DEMO_PASSWORD}); it uses the built-in market simulator.\n`,
        );
      }
      await premia.vault.profiles.login(profile.id, DEMO_PASSWORD, VIA_CLI);
      try {
        const watchlist = symbols.length === 0 ? 'fno-stocks' : null;
        const expiry = values.expiry ?? 'nearest';
        return await runScanFromCli(
          premia,
          { profileId: profile.id, symbols, watchlist, expiry, filters, format, limit },
          io,
        );
      } finally {
        await premia.vault.profiles.logout(profile.id);
      }
    });
  },
};
