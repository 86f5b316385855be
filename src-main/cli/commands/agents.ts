import { parseArgs } from 'node:util';
import type { ProfileSummary } from '../../../src-preload/contract';
import type { Premia } from '../../app/create-premia';
import { UserFacingError } from '../../domain/errors';
import { AGENT_OPTIONS, agentFromFlags } from '../agent-flags';
import { formatAgents, formatAlerts, formatRunReport, istTime } from '../agents-output';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo, type Command } from '../io';
import {
  parsePositiveInt,
  PROFILE_OPTIONS,
  requireOption,
  withProfileCommand,
} from '../profile-access';

const USAGE = [
  'premia agents list --profile NAME [--password-stdin]',
  'premia agents add NAME --profile NAME [--symbols A,B | --watchlist W] [--expiry nearest|nearest-weekly|DATE] [--filters FILE.json]',
  '         [--every MINUTES | --at HH:MM,HH:MM] [--new] [--rom-above PCT] [--yield-above PCT] [--yield-change POINTS]',
  '         [--premium-up PCT] [--delta-above D] [--near-strike PCT] [--password-stdin]',
  'premia agents remove|pause|resume|run-now ID --profile NAME [--password-stdin]',
  'premia agents serve --profile NAME [--run-now] [--check-seconds N] [--password-stdin]',
].join('\n       ');

const ACTIONS = ['list', 'add', 'remove', 'pause', 'resume', 'run-now', 'serve'];

function agentId(raw: string | undefined): number {
  const id = parsePositiveInt(raw, 'ID');
  if (id === undefined)
    throw new UserFacingError('BAD_INPUT', `Name the agent's ID. Usage: ${USAGE}`);
  return id;
}

/**
 * Runs the profile's agents until SIGINT or SIGTERM, then stops cleanly: no new runs start, the
 * scans in progress are cancelled (what they stored stays, marked cancelled), and every agent
 * run is finished before the profile signs out and storage closes.
 */
async function serve(
  premia: Premia,
  profile: ProfileSummary,
  io: CliIo,
  options: { runNow: boolean; checkMs: number },
): Promise<number> {
  let stopWith: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stopWith = resolve));
  const onSignal = (signal: NodeJS.Signals): void => stopWith(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const off = premia.agents.onActivity((profileId, activity) => {
    if (profileId !== profile.id) return;
    const when = istTime(premia.clock.now().toISOString());
    const line =
      activity.phase === 'started'
        ? `${activity.agent.name}: run started (${activity.trigger})`
        : activity.phase === 'finished'
          ? formatRunReport(activity.agent.name, activity.report)
          : activity.phase === 'paused'
            ? `agents paused: ${activity.reason}`
            : 'agents resumed';
    io.stdout.write(`${when} ${line}\n`);
  });
  try {
    const agents = await premia.agents.list(profile.id);
    io.stdout.write(
      `Serving ${agents.length} agent(s) of ${profile.name} (pid ${process.pid}). Stop with Ctrl-C.\n`,
    );
    const stopTimer = premia.agents.start(options.checkMs, { keepAlive: true });
    if (options.runNow)
      for (const agent of agents.filter((a) => a.state !== 'paused'))
        premia.agents.runNow(profile.id, agent.id).catch((error: unknown) => {
          io.stderr.write(
            `${agent.name}: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        });
    const signal = await stopped;
    stopTimer();
    io.stdout.write(`${signal}: stopping; runs in progress are cancelled and saved.\n`);
    await premia.scans.stopProfile(profile.id);
    await premia.agents.idle();
    io.stdout.write('Stopped cleanly.\n');
    return EXIT_OK;
  } finally {
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A profile's agents: saved scans on a schedule with alert rules; `serve` runs them headless. */
export const agentsCommand: Command = {
  name: 'agents',
  summary: "List, add, pause, run or serve a profile's scheduled scan agents",
  usage: USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        ...AGENT_OPTIONS,
        'run-now': { type: 'boolean', default: false },
        'check-seconds': { type: 'string' },
      },
    });
    const [action = '', target] = positionals;
    if (!ACTIONS.includes(action)) {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', USAGE);
    const definition =
      action === 'add' ? await agentFromFlags(requireOption(target, 'NAME', USAGE), values) : null;
    const id = ['list', 'add', 'serve'].includes(action) ? 0 : agentId(target);
    const checkMs = (parsePositiveInt(values['check-seconds'], '--check-seconds') ?? 15) * 1000;
    return withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        const { agents } = premia;
        const print = (text: string): void => void io.stdout.write(`${text}\n`);
        switch (action) {
          case 'list': {
            const list = await agents.list(profile.id);
            print(globals.json ? JSON.stringify(list, null, 2) : formatAgents(list));
            return EXIT_OK;
          }
          case 'add':
            print(`Added agent #${await agents.add(profile.id, definition)}.`);
            return EXIT_OK;
          case 'remove':
            await agents.remove(profile.id, id);
            print(`Removed agent #${id}.`);
            return EXIT_OK;
          case 'pause':
          case 'resume':
            await agents.setPaused(profile.id, id, action === 'pause');
            print(`Agent #${id} ${action === 'pause' ? 'paused' : 'resumed'}.`);
            return EXIT_OK;
          case 'run-now': {
            const report = await agents.runNow(profile.id, id);
            print(
              globals.json ? JSON.stringify(report, null, 2) : formatRunReport(`#${id}`, report),
            );
            return report.status === 'completed' ? EXIT_OK : EXIT_FAILED;
          }
          default:
            return serve(premia, profile, io, { runNow: values['run-now'], checkMs });
        }
      },
    );
  },
};

const ALERTS_USAGE = [
  'premia alerts --profile NAME [--unread] [--limit N] [--password-stdin]',
  'premia alerts read ID…|--all --profile NAME [--password-stdin]',
].join('\n       ');

/** The profile's alerts inbox. */
export const alertsCommand: Command = {
  name: 'alerts',
  summary: "A profile's agent alerts (newest first); mark them read",
  usage: ALERTS_USAGE,
  async run(args, globals, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...PROFILE_OPTIONS,
        unread: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        limit: { type: 'string' },
      },
    });
    const [action = 'list', ...ids] = positionals;
    if (action !== 'list' && action !== 'read') {
      io.stderr.write(`Usage: ${ALERTS_USAGE}\n`);
      return EXIT_USAGE;
    }
    const name = requireOption(values.profile, '--profile NAME', ALERTS_USAGE);
    const alertIds = values.all ? 'all' : ids.map((raw) => agentId(raw));
    if (action === 'read' && alertIds !== 'all' && alertIds.length === 0)
      throw new UserFacingError('BAD_INPUT', `Name alert IDs or --all. Usage: ${ALERTS_USAGE}`);
    const limit = parsePositiveInt(values.limit, '--limit') ?? 50;
    return withProfileCommand(
      globals,
      io,
      name,
      values['password-stdin'],
      async (premia, profile) => {
        if (action === 'read') {
          const changed = await premia.agents.markRead(profile.id, alertIds);
          io.stdout.write(`Marked ${changed} alert(s) read.\n`);
          return EXIT_OK;
        }
        const { alerts, unread } = await premia.agents.alerts(profile.id, {
          unreadOnly: values.unread,
          limit,
        });
        io.stdout.write(
          `${globals.json ? JSON.stringify({ alerts, unread }, null, 2) : formatAlerts(alerts, unread)}\n`,
        );
        return EXIT_OK;
      },
    );
  },
};
