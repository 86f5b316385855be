import { parseArgs } from 'node:util';
import type { ProfileSummary, Quotas } from '../../../src-preload/contract';
import type { Premia } from '../../app/create-premia';
import { UserFacingError } from '../../domain/errors';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command, type GlobalOptions } from '../io';
import { openPremia } from '../premia-for-cli';
import { parsePositiveInt, requireOption, withUnlockedProfile } from '../profile-access';
import { createSecretReader, readNewPassword } from '../secret-input';

const USAGE = [
  'premia profiles list',
  '       premia profiles create NAME [--password-stdin]',
  '       premia profiles delete NAME [--password-stdin]            (with its own password)',
  '       premia profiles delete NAME --owner OWNER --confirm NAME   (the owner, after confirming)',
  '       premia profiles passwd NAME [--keep-data-key] [--password-stdin]',
  '       premia profiles set-quotas NAME --owner OWNER [--max-symbols N] [--max-parallel N] [--workspace-mb N]',
  '',
  'With --password-stdin, passwords are read one per line from standard input instead of a prompt.',
  'passwd replaces the data key and re-seals the saved secrets unless --keep-data-key is given.',
].join('\n');

function write(io: CliIo, globals: GlobalOptions, json: unknown, text: string): void {
  io.stdout.write(globals.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

function table(profiles: ProfileSummary[]): string {
  if (profiles.length === 0)
    return 'No profiles yet. Create one with `premia profiles create NAME`.';
  const width = Math.max(4, ...profiles.map((profile) => [...profile.name].length));
  const rows = profiles.map(
    (profile) =>
      `${profile.name.padEnd(width)}  ${profile.role.padEnd(6)}  ${profile.createdAt.slice(0, 10)}  ${profile.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'.padEnd(16)}  ${profile.id}`,
  );
  return [`${'NAME'.padEnd(width)}  ROLE    CREATED     LAST USED         ID`, ...rows].join('\n');
}

type Args = ReturnType<typeof parse>;

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      'password-stdin': { type: 'boolean', default: false },
      'keep-data-key': { type: 'boolean', default: false },
      owner: { type: 'string' },
      confirm: { type: 'string' },
      'max-symbols': { type: 'string' },
      'max-parallel': { type: 'string' },
      'workspace-mb': { type: 'string' },
    },
  });
}

async function deleteProfile(
  premia: Premia,
  name: string,
  parsed: Args,
  io: CliIo,
): Promise<string> {
  const fromStdin = parsed.values['password-stdin'];
  const reader = createSecretReader(io, fromStdin);
  const target = premia.vault.profiles.findByName(name);
  const ownerName = parsed.values.owner;
  if (ownerName === undefined) {
    const password = await reader.read(`Password of "${target.name}" (to delete it): `);
    await premia.vault.profiles.delete(target.id, { password });
  } else {
    const confirmName = requireOption(parsed.values.confirm, '--confirm NAME', USAGE);
    await withUnlockedProfile(premia, ownerName, reader, (owner) =>
      premia.vault.profiles.delete(target.id, { ownerId: owner.id, confirmName }),
    );
  }
  return `Deleted profile "${target.name}" with its credentials and workspace.`;
}

async function setQuotas(premia: Premia, name: string, parsed: Args, io: CliIo): Promise<Quotas> {
  const ownerName = requireOption(parsed.values.owner, '--owner OWNER', USAGE);
  const megabytes = parsePositiveInt(parsed.values['workspace-mb'], '--workspace-mb');
  const changes: Partial<Quotas> = {
    maxSymbolsPerScan: parsePositiveInt(parsed.values['max-symbols'], '--max-symbols'),
    maxParallelScans: parsePositiveInt(parsed.values['max-parallel'], '--max-parallel'),
    workspaceBytes: megabytes === undefined ? undefined : megabytes * 1024 * 1024,
  };
  const target = premia.vault.profiles.findByName(name);
  const reader = createSecretReader(io, parsed.values['password-stdin']);
  return withUnlockedProfile(premia, ownerName, reader, (owner) =>
    premia.vault.profiles.setQuotas(
      owner.id,
      target.id,
      Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    ),
  );
}

async function changePassword(
  premia: Premia,
  name: string,
  parsed: Args,
  io: CliIo,
): Promise<void> {
  const fromStdin = parsed.values['password-stdin'];
  const reader = createSecretReader(io, fromStdin);
  const profile = premia.vault.profiles.findByName(name);
  const current = await reader.read(`Current password for "${profile.name}": `);
  const next = await readNewPassword(reader, fromStdin, profile.name);
  await premia.vault.profiles.changePassword(profile.id, current, next, {
    rotateDataKey: !parsed.values['keep-data-key'],
  });
}

async function run(
  premia: Premia,
  parsed: Args,
  globals: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [action, name, ...extra] = parsed.positionals;
  if (action === 'list') {
    const profiles = premia.vault.profiles.list();
    write(io, globals, profiles, table(profiles));
    return EXIT_OK;
  }
  if (name === undefined || extra.length > 0) {
    io.stderr.write(`Usage: ${USAGE}\n`);
    return EXIT_USAGE;
  }
  const fromStdin = parsed.values['password-stdin'];
  switch (action) {
    case 'create': {
      const password = await readNewPassword(createSecretReader(io, fromStdin), fromStdin, name);
      const profile = await premia.vault.profiles.create({ name, password });
      write(io, globals, profile, `Created profile "${profile.name}" (${profile.role}).`);
      return EXIT_OK;
    }
    case 'delete': {
      const message = await deleteProfile(premia, name, parsed, io);
      write(io, globals, { deleted: true }, message);
      return EXIT_OK;
    }
    case 'passwd':
      await changePassword(premia, name, parsed, io);
      write(io, globals, { changed: true }, 'Password changed.');
      return EXIT_OK;
    case 'set-quotas': {
      const quotas = await setQuotas(premia, name, parsed, io);
      write(
        io,
        globals,
        quotas,
        `Quotas: ${quotas.maxSymbolsPerScan} symbols per scan, ${quotas.maxParallelScans} parallel scans, ${Math.round(quotas.workspaceBytes / 1024 / 1024)} MB workspace.`,
      );
      return EXIT_OK;
    }
    default:
      throw new UserFacingError('BAD_INPUT', `Unknown action "${action ?? ''}". Usage: ${USAGE}`);
  }
}

export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'List, create, delete profiles; change a password; set quotas (owner)',
  usage: USAGE,
  async run(args, globals, io) {
    const parsed = parse(args);
    const premia = await openPremia(globals, io);
    try {
      return await run(premia, parsed, globals, io);
    } finally {
      await premia.close();
    }
  },
};
