import { z } from 'zod';
import { method } from '../define';
import { EXPIRY_RULES, ScanFiltersSchema } from './scans';

/**
 * An agent: a saved scan, a schedule and alert rules (issue #17). Declared here once: the agent
 * service, the CLI and the agents screen parse the same shapes.
 */

const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is HH:MM in IST, like 09:20 or 15:10.');

export const AgentScheduleSchema = z.discriminatedUnion('kind', [
  /** Every N minutes from 09:15 to 15:30 IST on NSE trading days. */
  z.object({
    kind: z.literal('interval'),
    minutes: z
      .number()
      .int('Minutes between runs is a whole number.')
      .min(1, 'Agents run at most once a minute.')
      .max(375, 'A market day has 375 minutes; run at most that far apart.'),
  }),
  /** At these IST wall-clock times on NSE trading days. */
  z.object({
    kind: z.literal('times'),
    times: z
      .array(ClockTime)
      .min(1, 'Give at least one time.')
      .max(48, 'At most 48 times a day.')
      .transform((times) => [...new Set(times)].sort()),
  }),
]);
export type AgentSchedule = z.output<typeof AgentScheduleSchema>;
export type AgentScheduleInput = z.input<typeof AgentScheduleSchema>;

const threshold = (min: number, max: number, label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .min(min, `${label} cannot be below ${min}.`)
    .max(max, `${label} cannot be above ${max}.`)
    .nullable()
    .default(null);

/** Position watch: the profile's open short options from the trade journal. */
export const PositionWatchSchema = z.object({
  /** Alert when the option's premium is up this many % from the entry price. */
  premiumUpPct: threshold(1, 10_000, 'Premium up %'),
  /** Alert when |delta| is above this. */
  maxAbsDelta: threshold(0.01, 1, '|Delta| limit'),
  /** Alert when the underlying is within this many % of the strike (or past it). */
  nearStrikePct: threshold(0, 50, 'Distance to strike %'),
});
export type PositionWatch = z.output<typeof PositionWatchSchema>;

export const AlertRulesSchema = z.object({
  /** An option that was not in the filtered set at the previous run is now. */
  newInFilteredSet: z.boolean().default(false),
  /** A filtered option's annualized return on margin at or above this. */
  minAnnualizedRomPct: threshold(0, 10_000, 'Annualized return on margin %'),
  /** A filtered option's annualized yield at or above this. */
  minAnnualizedYieldPct: threshold(0, 10_000, 'Annualized yield %'),
  /** A filtered option's annualized yield moved by at least this many points since the last run. */
  yieldChangePp: threshold(0.01, 10_000, 'Yield change (points)'),
  positionWatch: PositionWatchSchema.nullable().default(null),
});
export type AlertRules = z.output<typeof AlertRulesSchema>;

/** The scan an agent repeats; null for an agent that only watches positions. */
export const AgentScanSchema = z
  .object({
    symbols: z.array(z.string().max(64)).max(10_000).default([]),
    watchlist: z.string().min(1).max(64).nullable().default(null),
    expiry: z
      .union([
        z.enum(EXPIRY_RULES),
        z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'An expiry is a date or "nearest".'),
      ])
      .default('nearest'),
    filters: ScanFiltersSchema.default(ScanFiltersSchema.parse({})),
  })
  .refine((scan) => scan.symbols.length > 0 || scan.watchlist !== null, {
    message: 'Give the agent at least one symbol or a watchlist to scan.',
    path: ['symbols'],
  });
export type AgentScan = z.output<typeof AgentScanSchema>;

export const AgentInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name the agent.')
      .max(64, 'An agent name is at most 64 characters.'),
    scan: AgentScanSchema.nullable().default(null),
    schedule: AgentScheduleSchema,
    rules: AlertRulesSchema.default(AlertRulesSchema.parse({})),
  })
  .superRefine((agent, context) => {
    const { rules } = agent;
    const scanRules =
      rules.newInFilteredSet ||
      rules.minAnnualizedRomPct !== null ||
      rules.minAnnualizedYieldPct !== null ||
      rules.yieldChangePp !== null;
    const watch = rules.positionWatch;
    const watchRules =
      watch !== null &&
      (watch.premiumUpPct !== null || watch.maxAbsDelta !== null || watch.nearStrikePct !== null);
    if (!scanRules && !watchRules)
      context.addIssue({
        code: 'custom',
        message: 'Give the agent at least one alert rule.',
        path: ['rules'],
      });
    if (scanRules && agent.scan === null)
      context.addIssue({
        code: 'custom',
        message: 'Alerts on scanned options need a scan (symbols or a watchlist).',
        path: ['scan'],
      });
  });
export type AgentInput = z.input<typeof AgentInputSchema>;
export type AgentDefinition = z.output<typeof AgentInputSchema>;

/** What agents keep in the profile database (the workspace screen shows it). */
export const AgentStorageSchema = z.object({
  agents: z.number().int(),
  agentRuns: z.number().int(),
  agentRunsRolledUp: z.number().int(),
  scanRunsKept: z.number().int(),
  optionRowsKept: z.number().int(),
  alerts: z.number().int(),
  unreadAlerts: z.number().int(),
});

export const ALERT_KINDS = [
  'new-in-filter',
  'rom-above',
  'yield-above',
  'yield-change',
  'premium-up',
  'delta-above',
  'near-strike',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const AgentId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const AgentRunViewSchema = z.object({
  id: z.number().int(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(['running', 'completed', 'failed', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  optionsPassing: z.number().int(),
  alertsRaised: z.number().int(),
  detail: z.string().nullable(),
  rolledUp: z.boolean(),
  runIds: z.array(z.number().int()),
});

export const AgentViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  definition: z.object({
    name: z.string(),
    scan: z
      .object({
        symbols: z.array(z.string()),
        watchlist: z.string().nullable(),
        expiry: z.string(),
        filters: ScanFiltersSchema,
      })
      .nullable(),
    schedule: AgentScheduleSchema,
    rules: AlertRulesSchema,
  }),
  schedule: z.string(),
  state: z.enum(['scheduled', 'running', 'paused', 'waiting']),
  reason: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastRun: AgentRunViewSchema.nullable(),
});
export type AgentViewRecord = z.infer<typeof AgentViewSchema>;

export const AlertViewSchema = z.object({
  id: z.number().int(),
  agentName: z.string(),
  agentRunId: z.number().int().nullable(),
  runId: z.number().int().nullable(),
  kind: z.string(),
  underlying: z.string(),
  tradingsymbol: z.string(),
  message: z.string(),
  raisedAt: z.string(),
  readAt: z.string().nullable(),
});
export type AlertView = z.infer<typeof AlertViewSchema>;

/** The active profile's agents and alerts inbox. Every id is checked against that profile. */
export const agentsDomain = {
  list: method(z.undefined(), z.array(AgentViewSchema)),
  /** The definition is checked in main (AgentInputSchema); a bad one answers BAD_INPUT. */
  add: method(z.object({ agent: z.unknown() }), z.object({ id: z.number().int() })),
  update: method(z.object({ id: AgentId, agent: z.unknown() }), z.object({ id: z.number().int() })),
  remove: method(z.object({ id: AgentId }), z.object({ removed: z.boolean() })),
  setPaused: method(z.object({ id: AgentId, paused: z.boolean() }), z.object({ id: AgentId })),
  runNow: method(
    z.object({ id: AgentId }),
    z.object({
      agentRunId: z.number().int(),
      status: z.enum(['completed', 'failed']),
      detail: z.string().nullable(),
      alertsRaised: z.number().int(),
    }),
  ),
  alerts: method(
    z.object({
      unreadOnly: z.boolean().default(false),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    z.object({ alerts: z.array(AlertViewSchema), unread: z.number().int() }),
  ),
  markRead: method(
    z.object({
      ids: z.union([z.literal('all'), z.array(AgentId).max(500)]),
      read: z.boolean().default(true),
    }),
    z.object({ changed: z.number().int() }),
  ),
};
