import { parseArgs } from 'node:util';
import { UserFacingError } from '../../domain/errors';
import { getScanSettings, setScanSettings } from '../../scan/scan-model';
import { EXIT_OK, type Command } from '../io';
import { requireOption, withProfileCommand, PROFILE_OPTIONS } from '../profile-access';

const USAGE =
  'premia settings --profile NAME [--risk-free-rate %] [--min-trading-days N] [--password-stdin]';

function percent(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 50) {
    throw new UserFacingError('BAD_INPUT', `--risk-free-rate is a percentage 0–50, not "${raw}".`);
  }
  return value / 100;
}

function days(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 20) {
    throw new UserFacingError('BAD_INPUT', `--min-trading-days is 0–20, not "${raw}".`);
  }
  return value;
}

/** Shows, and optionally changes, the profile's scan settings (rate, expiry rule). */
export const settingsCommand: Command = {
  name: 'settings',
  summary: "Show or change a profile's scan settings: risk-free rate, expiry rule",
  usage: USAGE,
  async run(args, globals, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...PROFILE_OPTIONS,
        'risk-free-rate': { type: 'string' },
        'min-trading-days': { type: 'string' },
      },
    });
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const rate = percent(values['risk-free-rate']);
    const minTradingDays = days(values['min-trading-days']);
    return withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        if (rate !== undefined || minTradingDays !== undefined)
          await setScanSettings(premia.storage, profile.id, { rate, minTradingDays });
        const settings = await getScanSettings(premia.storage, profile.id);
        io.stdout.write(
          globals.json
            ? `${JSON.stringify(settings)}\n`
            : `Risk-free rate: ${(settings.rate * 100).toFixed(2)} % (continuously compounded)\n` +
                `Nearest monthly skips an expiry with fewer than ${settings.minTradingDays} trading days left\n`,
        );
        return EXIT_OK;
      },
    );
  },
};
