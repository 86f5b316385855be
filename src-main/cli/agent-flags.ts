import { readFile } from 'node:fs/promises';
import { UserFacingError } from '../domain/errors';

/** parseArgs options of `premia agents add`. */
export const AGENT_OPTIONS = {
  name: { type: 'string' },
  symbols: { type: 'string' },
  watchlist: { type: 'string' },
  expiry: { type: 'string' },
  filters: { type: 'string' },
  every: { type: 'string' },
  at: { type: 'string' },
  new: { type: 'boolean', default: false },
  'rom-above': { type: 'string' },
  'yield-above': { type: 'string' },
  'yield-change': { type: 'string' },
  'premium-up': { type: 'string' },
  'delta-above': { type: 'string' },
  'near-strike': { type: 'string' },
} as const;

type Flags = Partial<Record<Exclude<keyof typeof AGENT_OPTIONS, 'new'>, string>> & {
  new?: boolean;
};

function number(raw: string | undefined, option: string): number | null {
  if (raw === undefined) return null;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new UserFacingError('BAD_INPUT', `${option} needs a number, not "${raw}".`);
  return value;
}

async function filtersFrom(path: string | undefined): Promise<unknown> {
  if (path === undefined) return undefined;
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UserFacingError('NOT_FOUND', `Cannot read ${path}.`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserFacingError('BAD_INPUT', `${path} is not JSON.`);
  }
}

/**
 * The agent the flags describe, as plain input: the agent service checks it (the same rules as
 * the agents screen), so this only maps flag names to fields.
 */
export async function agentFromFlags(name: string, flags: Flags): Promise<unknown> {
  const symbols = (flags.symbols ?? '')
    .split(',')
    .map((symbol) => symbol.trim().toUpperCase())
    .filter((symbol) => symbol !== '');
  const hasScan = symbols.length > 0 || flags.watchlist !== undefined;
  const filters = await filtersFrom(flags.filters);
  const watch = {
    premiumUpPct: number(flags['premium-up'], '--premium-up'),
    maxAbsDelta: number(flags['delta-above'], '--delta-above'),
    nearStrikePct: number(flags['near-strike'], '--near-strike'),
  };
  return {
    name,
    scan: hasScan
      ? {
          symbols,
          watchlist: flags.watchlist ?? null,
          expiry: flags.expiry ?? 'nearest',
          ...(filters === undefined ? {} : { filters }),
        }
      : null,
    schedule:
      flags.at !== undefined
        ? { kind: 'times', times: flags.at.split(',').map((time) => time.trim()) }
        : { kind: 'interval', minutes: number(flags.every, '--every') ?? 5 },
    rules: {
      newInFilteredSet: flags.new === true,
      minAnnualizedRomPct: number(flags['rom-above'], '--rom-above'),
      minAnnualizedYieldPct: number(flags['yield-above'], '--yield-above'),
      yieldChangePp: number(flags['yield-change'], '--yield-change'),
      positionWatch: Object.values(watch).some((value) => value !== null) ? watch : null,
    },
  };
}
