import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { STRONG, STRONG_B, tempDataDir } from '../support/vault-fixtures';

/** The CLI in-process with fake streams; no OS keychain (PREMIA_KEYCHAIN=none), real everything else. */
const { dir, cleanup } = tempDataDir();
afterAll(cleanup);

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function premia(args: string[], stdinLines: string[] = []): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dir, ...args], {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from(stdinLines.length === 0 ? [] : [`${stdinLines.join('\n')}\n`]),
    env: { PREMIA_KEYCHAIN: 'none' },
  });
  return { code, stdout, stderr };
}

const SECRET = 'clisecretvalue77';
const TOKEN = 'clitokenvalue88';

describe('premia profiles / credentials / audit', () => {
  it('creates profiles with a password from stdin and lists them', async () => {
    const created = await premia(['profiles', 'create', 'Asha', '--password-stdin'], [STRONG]);
    expect(created).toMatchObject({ code: 0, stdout: 'Created profile "Asha" (owner).\n' });
    expect(
      (await premia(['profiles', 'create', 'Bharat', '--password-stdin'], [STRONG_B])).code,
    ).toBe(0);
    const weak = await premia(['profiles', 'create', 'Chitra', '--password-stdin'], ['password1']);
    expect(weak).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('first an attacker would try'),
    });
    const duplicate = await premia(['profiles', 'create', 'ASHA', '--password-stdin'], [STRONG]);
    expect(duplicate).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    const list = await premia(['profiles', 'list']);
    expect(list.stdout).toMatch(/^NAME\s+ROLE/);
    expect(list.stdout).toMatch(/Asha\s+owner/);
    const json = JSON.parse((await premia(['--json', 'profiles', 'list'])).stdout) as {
      name: string;
    }[];
    expect(json.map((profile) => profile.name)).toEqual(['Asha', 'Bharat']);
  });

  it('sets and shows credentials masked, with the secret and token read like passwords', async () => {
    const set = await premia(
      [
        'credentials',
        'set',
        '--profile',
        'asha',
        '--api-key',
        'cliapikey1234',
        '--api-secret',
        '--password-stdin',
      ],
      [STRONG, SECRET],
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('API key       ••••1234');
    const token = await premia(
      ['credentials', 'set-token', '--profile', 'Asha', '--password-stdin'],
      [STRONG, TOKEN],
    );
    expect(token.stdout).toMatch(
      /Access token {2}••••ue88 — valid until \d{4}-\d\d-\d\d 06:00 IST \(set /,
    );
    const shown = await premia(
      ['credentials', 'show', '--profile', 'Asha', '--password-stdin'],
      [STRONG],
    );
    expect(shown.stdout).toContain('API secret    ••••ue77');
    expect(shown.stdout).toContain('Stored in     the registry (sealed; no OS keychain)');
    for (const output of [set, token, shown]) {
      expect(output.stdout + output.stderr).not.toContain(SECRET);
      expect(output.stdout + output.stderr).not.toContain(TOKEN);
    }
    const registry = readFileSync(join(dir, 'registry.json'), 'utf8');
    expect(registry).not.toContain(SECRET);
    expect(registry).not.toContain(TOKEN);
    const bad = await premia(
      [
        'credentials',
        'set-api-root',
        'https://evil.example',
        '--profile',
        'Asha',
        '--password-stdin',
      ],
      [STRONG],
    );
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('https://api.kite.trade'),
    });
  });

  it("does not let another profile's password reach Asha's credentials or audit log", async () => {
    const wrong = await premia(
      ['credentials', 'show', '--profile', 'Asha', '--password-stdin'],
      [STRONG_B],
    );
    expect(wrong).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'premia: That password is not right for "Asha".\n',
    });
    const auditWrong = await premia(['audit', '--profile', 'Asha', '--password-stdin'], [STRONG_B]);
    expect(auditWrong).toMatchObject({ code: 1, stdout: '' });
    const bharat = await premia(
      ['credentials', 'show', '--profile', 'Bharat', '--password-stdin'],
      [STRONG_B],
    );
    expect(bharat.stdout).toContain('API key       not set');
    expect(bharat.stdout).toContain('built-in simulator');
  });

  it("prints the profile's audit log without secrets", async () => {
    const log = await premia(
      ['audit', '--profile', 'Asha', '--limit', '50', '--password-stdin'],
      [STRONG],
    );
    expect(log.code).toBe(0);
    for (const action of ['profile-created', 'credentials-set', 'token-set', 'login', 'logout']) {
      expect(log.stdout).toContain(action);
    }
    expect(log.stdout).toMatch(/login\s+failure\s+Wrong password/);
    expect(log.stdout).toContain('Signed in from the command line.');
    expect(log.stdout).not.toContain(SECRET);
    expect(log.stdout).not.toContain(STRONG_B);
    const json = JSON.parse(
      (
        await premia(
          ['--json', 'audit', '--profile', 'Asha', '--limit', '2', '--password-stdin'],
          [STRONG],
        )
      ).stdout,
    ) as unknown[];
    expect(json).toHaveLength(2);
  });

  it('asks at a terminal without echoing, and refuses to ask when there is no terminal', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[] });
    const setRawMode = (mode: boolean) => tty.rawModes.push(mode);
    let stdout = '';
    let stderr = '';
    const running = runCli(['--data-dir', dir, 'credentials', 'show', '--profile', 'Asha'], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: Object.assign(tty, { setRawMode }),
      env: { PREMIA_KEYCHAIN: 'none' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    tty.write(`${STRONG}x\u007f\r`);
    expect(await running).toBe(0);
    expect(tty.rawModes).toEqual([true, false]);
    expect(stderr).toContain('Password for "Asha": ');
    expect(stdout + stderr).not.toContain(STRONG);
    expect(stdout).toContain('••••1234');
    const noTty = await premia(['credentials', 'show', '--profile', 'Asha']);
    expect(noTty).toMatchObject({ code: 2, stderr: expect.stringContaining('--password-stdin') });
  });
});

describe('premia import-legacy', () => {
  const file = join(dir, 'kite_credentials.conf');

  it('imports into a new profile in one step', async () => {
    writeFileSync(
      file,
      '[DEFAULT]\nAPI_KEY = legacyapikey99\nACCESS_TOKEN = legacytoken99\nAPI_SECRET = legacysecret99\n',
    );
    const imported = await premia(
      ['import-legacy', file, '--profile', 'Dev', '--create', '--password-stdin'],
      ['legacy-import-pass'],
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('API key       ••••ey99');
    expect(imported.stdout).toMatch(/Access token {2}••••en99 — (valid until|expired at)/);
    expect(imported.stdout).not.toContain('legacysecret99');
    const shown = await premia(
      ['credentials', 'show', '--profile', 'Dev', '--password-stdin'],
      ['legacy-import-pass'],
    );
    expect(shown.stdout).toContain('API secret    ••••et99');
  });

  it('refuses a malformed file naming the line, and saves nothing', async () => {
    writeFileSync(file, '[DEFAULT]\nAPI_KEY = legacyapikey99\nACCESS_TOKEN legacytoken99\n');
    const before = (await premia(['profiles', 'list'])).stdout;
    const refused = await premia(
      ['import-legacy', file, '--profile', 'Eve', '--create', '--password-stdin'],
      ['another-good-pass'],
    );
    expect(refused).toMatchObject({
      code: 2,
      stderr: 'premia: kite_credentials.conf, line 3: expected "KEY = value".\n',
    });
    expect((await premia(['profiles', 'list'])).stdout).toBe(before);
    const intoExisting = await premia(
      ['import-legacy', file, '--profile', 'Asha', '--password-stdin'],
      [STRONG],
    );
    expect(intoExisting.code).toBe(2);
    const unchanged = await premia(
      ['credentials', 'show', '--profile', 'Asha', '--password-stdin'],
      [STRONG],
    );
    expect(unchanged.stdout).toContain('••••1234');
    const missing = await premia(['import-legacy', join(dir, 'nope.conf'), '--profile', 'Asha']);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('Cannot read') });
    writeFileSync(file, '[DEFAULT]\nAPI_KEY = legacyapikey99\n');
    const exists = await premia(
      ['import-legacy', file, '--profile', 'asha', '--create', '--password-stdin'],
      [STRONG],
    );
    expect(exists).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('leave out --create'),
    });
  });

  it('imports into an existing profile', async () => {
    writeFileSync(file, '[DEFAULT]\nAPI_KEY = replacedkey42\n');
    const imported = await premia(
      ['import-legacy', file, '--profile', 'Bharat', '--password-stdin'],
      [STRONG_B],
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('••••ey42');
  });
});

describe('premia profiles delete', () => {
  it('deletes with the profile password, or by the owner after confirming', async () => {
    const wrong = await premia(
      ['profiles', 'delete', 'Dev', '--password-stdin'],
      ['not-the-password'],
    );
    expect(wrong.code).toBe(1);
    const own = await premia(
      ['profiles', 'delete', 'Dev', '--password-stdin'],
      ['legacy-import-pass'],
    );
    expect(own).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Deleted profile "Dev"'),
    });
    const unconfirmed = await premia(
      ['profiles', 'delete', 'Bharat', '--owner', 'Asha', '--password-stdin'],
      [STRONG],
    );
    expect(unconfirmed).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--confirm NAME is required'),
    });
    const notOwner = await premia(
      ['profiles', 'delete', 'Asha', '--owner', 'Bharat', '--confirm', 'Asha', '--password-stdin'],
      [STRONG_B],
    );
    expect(notOwner).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Only the workstation's owner"),
    });
    const byOwner = await premia(
      [
        'profiles',
        'delete',
        'Bharat',
        '--owner',
        'Asha',
        '--confirm',
        'Bharat',
        '--password-stdin',
      ],
      [STRONG],
    );
    expect(byOwner.code).toBe(0);
    const names = JSON.parse((await premia(['--json', 'profiles', 'list'])).stdout) as {
      name: string;
    }[];
    expect(names.map((profile) => profile.name)).toEqual(['Asha']);
  });
});

describe('bin/premia.mjs', () => {
  it('runs as a real process against the same data directory', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(import.meta.dirname, '../../bin/premia.mjs'), '--json', 'profiles', 'list'],
      {
        env: { ...process.env, PREMIA_DATA_DIR: dir, PREMIA_KEYCHAIN: 'none' },
        timeout: 60_000,
      },
    );
    expect((JSON.parse(stdout) as { name: string }[]).map((profile) => profile.name)).toEqual([
      'Asha',
    ]);
    expect(existsSync(join(dir, 'registry.json.bak'))).toBe(true);
  });
});

describe('premia credentials set-api-root', () => {
  it('points a profile at a loopback test server and back, dropping the token each time', async () => {
    const loopback = await premia(
      [
        'credentials',
        'set-api-root',
        'http://127.0.0.1:8700',
        '--profile',
        'Asha',
        '--password-stdin',
      ],
      [STRONG],
    );
    expect(loopback.stdout).toContain('API root      http://127.0.0.1:8700');
    expect(loopback.stdout).toMatch(/Access token {2}not set — missing/);
    const back = await premia(
      [
        'credentials',
        'set-api-root',
        'https://api.kite.trade',
        '--profile',
        'Asha',
        '--password-stdin',
      ],
      [STRONG],
    );
    expect(back.stdout).toContain('API root      https://api.kite.trade');
  }, 60_000);
});
