import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { TradeFilterSchema, type ImportFile } from '../../../src-preload/contract/domains/journal';
import { UserFacingError } from '../../domain/errors';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Command } from '../io';
import { formatImportReports, formatSync, formatTrades } from '../journal-output';
import {
  parsePositiveInt,
  PROFILE_OPTIONS,
  requireOption,
  withProfileCommand,
} from '../profile-access';

const USAGE = [
  'premia trades import FILE… --profile NAME [--preview] [--password-stdin]',
  'premia trades sync --profile NAME [--password-stdin]',
  'premia trades list --profile NAME [--from DAY] [--to DAY] [--underlying NAME] [--instrument PREFIX] [--side buy|sell] [--kind CE|PE|FUT|EQ] [--limit N] [--password-stdin]',
  'premia trades settle UNDERLYING EXPIRY CLOSE --profile NAME [--password-stdin]',
  'premia trades rates --profile NAME [--set FILE.json] [--password-stdin]',
].join('\n       ');

async function readTradebook(path: string): Promise<ImportFile> {
  const bytes = await readFile(path).catch(() => {
    throw new UserFacingError('NOT_FOUND', `Cannot read ${path}.`);
  });
  const name = basename(path);
  return name.toLowerCase().endsWith('.xlsx')
    ? { name, encoding: 'base64', contents: bytes.toString('base64') }
    : { name, encoding: 'text', contents: bytes.toString('utf8') };
}

/** A charge table (see `premia trades rates`) from a JSON file; the service checks its shape. */
async function readRates(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UserFacingError('NOT_FOUND', `Cannot read ${path}.`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserFacingError('BAD_INPUT', `${path} is not JSON.`);
  }
}

/** A profile's trade journal: Console tradebook imports, Kite syncs, the trades list. */
export const tradesCommand: Command = {
  name: 'trades',
  summary: "Import Console tradebooks, sync today's Kite trades, list a profile's trades",
  usage: USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        preview: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        underlying: { type: 'string' },
        instrument: { type: 'string' },
        side: { type: 'string' },
        kind: { type: 'string' },
        limit: { type: 'string' },
        set: { type: 'string' },
      },
    });
    const [action, ...rest] = positionals;
    if (!['import', 'sync', 'list', 'settle', 'rates'].includes(action ?? '')) {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    if (action === 'import' && rest.length === 0)
      throw new UserFacingError('BAD_INPUT', `Name at least one FILE. Usage: ${USAGE}`);
    if (action === 'settle' && rest.length !== 3)
      throw new UserFacingError('BAD_INPUT', `Usage: ${USAGE}`);
    const files = action === 'import' ? await Promise.all(rest.map(readTradebook)) : [];
    const rates =
      action === 'rates' && values.set !== undefined ? await readRates(values.set) : null;
    const limit = parsePositiveInt(values.limit, '--limit') ?? 50;
    const filter = TradeFilterSchema.safeParse({
      from: values.from,
      to: values.to,
      underlying: values.underlying?.toUpperCase(),
      instrument: values.instrument?.toUpperCase(),
      side: values.side?.toUpperCase(),
      kind: values.kind?.toUpperCase(),
    });
    if (!filter.success) {
      const issue = filter.error.issues[0];
      throw new UserFacingError(
        'BAD_INPUT',
        `--${String(issue?.path[0] ?? 'filter')}: ${issue?.message ?? 'not understood'}. Usage: ${USAGE}`,
      );
    }
    return withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        const { journal } = premia;
        if (action === 'import') {
          const reports = await journal.importFiles(profile.id, files, values.preview);
          io.stdout.write(
            `${globals.json ? JSON.stringify(reports, null, 2) : formatImportReports(reports)}\n`,
          );
          return reports.some((r) => r.status === 'refused') ? EXIT_FAILED : EXIT_OK;
        }
        if (action === 'sync') {
          const report = await journal.sync(profile.id, AbortSignal.timeout(60_000));
          io.stdout.write(
            `${globals.json ? JSON.stringify(report, null, 2) : formatSync(report)}\n`,
          );
          return EXIT_OK;
        }
        if (action === 'rates') {
          if (rates !== null) await journal.setChargeTable(profile.id, rates);
          io.stdout.write(`${JSON.stringify(await journal.chargeTable(profile.id), null, 2)}\n`);
          return EXIT_OK;
        }
        if (action === 'settle') {
          const [underlying = '', expiry = '', close = ''] = rest;
          const price = Number(close);
          if (!(price > 0))
            throw new UserFacingError(
              'BAD_INPUT',
              `CLOSE must be a price above 0, not "${close}".`,
            );
          await journal.setSettlement(profile.id, underlying, expiry, price);
          io.stdout.write(
            `${underlying.toUpperCase()} ${expiry} settles at a close of ${price}.\n`,
          );
          return EXIT_OK;
        }
        const page = await journal.trades(profile.id, filter.data, Math.min(limit, 5000), 0);
        io.stdout.write(
          `${globals.json ? JSON.stringify(page, null, 2) : formatTrades(page.trades, page.total)}\n`,
        );
        return EXIT_OK;
      },
    );
  },
};
