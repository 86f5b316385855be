import type { AlertKind, AlertRules } from '../../src-preload/contract/domains/agents';
import type { AgentOptionRow, AlertMatch } from '../storage/agent-records';

/** An open short option from the trade journal. */
export interface ShortPosition {
  readonly tradingsymbol: string;
  readonly underlying: string;
  readonly kind: 'CE' | 'PE';
  readonly strike: number;
  /** YYYY-MM-DD. */
  readonly expiry: string;
  /** Units short, positive. */
  readonly quantity: number;
  /** Average entry premium of the open lots. */
  readonly entryPrice: number;
  /** When the position was opened: a new position in the same option is a new match. */
  readonly openedAt: string;
}

export interface RuleInput {
  readonly rules: AlertRules;
  /** The scan's filtered options (empty for a position-only agent). */
  readonly filtered: readonly AgentOptionRow[];
  /** The previous completed run's filtered options and annualized yields; null before the first. */
  readonly previous: ReadonlyMap<string, number | null> | null;
  readonly positions: readonly ShortPosition[];
  /** Quotes of the positions' options, by trading symbol (any row, filtered or not). */
  readonly quotes: ReadonlyMap<string, AgentOptionRow>;
}

export interface RuleOutput {
  readonly matches: AlertMatch[];
  /** Matches that could not be checked this run (no quote): they keep their state. */
  readonly unknownKeys: string[];
}

const fmt = (value: number, digits = 2): string => value.toFixed(digits);

function match(
  kind: AlertKind,
  key: string,
  row: Pick<AgentOptionRow, 'underlying' | 'tradingsymbol'> & { runId: number | null },
  message: string,
  values: Record<string, number | string | null>,
): AlertMatch {
  return {
    matchKey: `${kind}:${key}`,
    kind,
    underlying: row.underlying,
    tradingsymbol: row.tradingsymbol,
    message,
    valuesJson: JSON.stringify(values),
    runId: row.runId,
  };
}

/** Rules on the scan's filtered set: new entries, thresholds, yield changes since last run. */
function scanMatches(input: RuleInput): AlertMatch[] {
  const { rules, filtered, previous } = input;
  const matches: AlertMatch[] = [];
  for (const row of filtered) {
    const symbol = row.tradingsymbol;
    const yieldNow = row.annualizedYieldPct;
    // The first run is the baseline: every option would be "new" then.
    if (rules.newInFilteredSet && previous !== null && !previous.has(symbol))
      matches.push(
        match('new-in-filter', symbol, row, `${symbol} entered the filtered set.`, {
          annualizedYieldPct: yieldNow,
          annualizedRomPct: row.annualizedRomPct,
          premium: row.premium,
        }),
      );
    const rom = row.annualizedRomPct;
    if (rules.minAnnualizedRomPct !== null && rom !== null && rom >= rules.minAnnualizedRomPct)
      matches.push(
        match(
          'rom-above',
          symbol,
          row,
          `${symbol}: annualized return on margin ${fmt(rom)} % ≥ ${fmt(rules.minAnnualizedRomPct)} %.`,
          { annualizedRomPct: rom, threshold: rules.minAnnualizedRomPct, premium: row.premium },
        ),
      );
    const minYield = rules.minAnnualizedYieldPct;
    if (minYield !== null && yieldNow !== null && yieldNow >= minYield)
      matches.push(
        match(
          'yield-above',
          symbol,
          row,
          `${symbol}: annualized yield ${fmt(yieldNow)} % ≥ ${fmt(minYield)} %.`,
          { annualizedYieldPct: yieldNow, threshold: minYield, premium: row.premium },
        ),
      );
    const before = previous?.get(symbol) ?? null;
    if (rules.yieldChangePp !== null && yieldNow !== null && before !== null) {
      const change = yieldNow - before;
      if (Math.abs(change) >= rules.yieldChangePp) {
        const direction = change > 0 ? 'up' : 'down';
        matches.push(
          match(
            'yield-change',
            `${symbol}:${direction}`,
            row,
            `${symbol}: annualized yield ${direction} ${fmt(Math.abs(change))} points since the last run (${fmt(before)} % → ${fmt(yieldNow)} %).`,
            { before, after: yieldNow, changePp: change, threshold: rules.yieldChangePp },
          ),
        );
      }
    }
  }
  return matches;
}

/** Position watch: premium up from entry, |delta| above a limit, underlying near the strike. */
function positionMatches(input: RuleInput): RuleOutput {
  const watch = input.rules.positionWatch;
  const matches: AlertMatch[] = [];
  const unknownKeys: string[] = [];
  if (watch === null) return { matches, unknownKeys };
  for (const position of input.positions) {
    const id = `${position.tradingsymbol}@${position.openedAt}`;
    const quote = input.quotes.get(position.tradingsymbol);
    if (quote === undefined) {
      for (const kind of ['premium-up', 'delta-above', 'near-strike'] as const)
        unknownKeys.push(`${kind}:${id}`);
      continue;
    }
    const where = { ...position, runId: quote.runId };
    const premium = quote.premium;
    if (watch.premiumUpPct !== null && premium !== null && position.entryPrice > 0) {
      const upPct = ((premium - position.entryPrice) / position.entryPrice) * 100;
      if (upPct >= watch.premiumUpPct)
        matches.push(
          match(
            'premium-up',
            id,
            where,
            `${position.tradingsymbol}: premium ₹${fmt(premium)} is up ${fmt(upPct, 1)} % from your entry ₹${fmt(position.entryPrice)}.`,
            { premium, entryPrice: position.entryPrice, upPct, threshold: watch.premiumUpPct },
          ),
        );
    }
    const delta = quote.delta;
    if (watch.maxAbsDelta !== null && delta !== null && Math.abs(delta) > watch.maxAbsDelta)
      matches.push(
        match(
          'delta-above',
          id,
          where,
          `${position.tradingsymbol}: |delta| ${fmt(Math.abs(delta))} is above your limit ${fmt(watch.maxAbsDelta)}.`,
          { delta, threshold: watch.maxAbsDelta },
        ),
      );
    if (watch.nearStrikePct !== null && quote.spot > 0) {
      // Distance the underlying still has to move against the short (negative once past it).
      const otmPct =
        position.kind === 'CE'
          ? ((position.strike - quote.spot) / quote.spot) * 100
          : ((quote.spot - position.strike) / quote.spot) * 100;
      if (otmPct <= watch.nearStrikePct)
        matches.push(
          match(
            'near-strike',
            id,
            where,
            otmPct >= 0
              ? `${position.underlying} at ${fmt(quote.spot)} is within ${fmt(otmPct, 1)} % of your ${position.tradingsymbol} strike ${position.strike}.`
              : `${position.underlying} at ${fmt(quote.spot)} is past your ${position.tradingsymbol} strike ${position.strike} (${fmt(-otmPct, 1)} % in the money).`,
            { spot: quote.spot, strike: position.strike, otmPct, threshold: watch.nearStrikePct },
          ),
        );
    }
  }
  return { matches, unknownKeys };
}

/** Every condition true this run; which of them are new is decided against the stored matches. */
export function evaluateRules(input: RuleInput): RuleOutput {
  const positions = positionMatches(input);
  return {
    matches: [...scanMatches(input), ...positions.matches],
    unknownKeys: positions.unknownKeys,
  };
}
