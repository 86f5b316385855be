import { UserFacingError } from '../domain/errors';
import type { CliIo } from './io';

/**
 * Passwords and Kite secrets for CLI commands: typed at a terminal with nothing echoed, or, with
 * --password-stdin, one per line on standard input (for scripts and tests). Never on the command
 * line, where they would end up in shell history and `ps`.
 */
export interface SecretReader {
  read(prompt: string): Promise<string>;
}

interface RawTty {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

function rawTtyOf(stdin: NodeJS.ReadableStream): RawTty | null {
  const candidate = stdin as NodeJS.ReadableStream & RawTty;
  return candidate.isTTY === true && typeof candidate.setRawMode === 'function' ? candidate : null;
}

async function readAllLines(stdin: NodeJS.ReadableStream): Promise<string[]> {
  let text = '';
  for await (const chunk of stdin)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Reads one line in raw mode: no echo; backspace edits; Ctrl-C cancels. */
function readHidden(io: CliIo, tty: RawTty, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (outcome: () => void): void => {
      io.stdin.removeListener('data', onData);
      tty.setRawMode?.(false);
      io.stdin.pause();
      io.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string | Buffer): void => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish(() => resolve(typed));
          return;
        }
        if (char === '\u0003') {
          finish(() => reject(new UserFacingError('CANCELLED', 'Cancelled.')));
          return;
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    tty.setRawMode?.(true);
    io.stdin.on('data', onData);
    io.stdin.resume();
  });
}

export function createSecretReader(io: CliIo, fromStdin: boolean): SecretReader {
  if (fromStdin) {
    let lines: Promise<string[]> | undefined;
    let next = 0;
    return {
      async read(prompt) {
        lines ??= readAllLines(io.stdin);
        const line = (await lines)[next];
        next += 1;
        if (line === undefined) {
          throw new UserFacingError(
            'BAD_INPUT',
            `--password-stdin: standard input has no line ${next} (${prompt.replace(/:\s*$/, '')}).`,
          );
        }
        return line;
      },
    };
  }
  return {
    read(prompt) {
      const tty = rawTtyOf(io.stdin);
      if (tty === null) {
        throw new UserFacingError(
          'BAD_INPUT',
          'There is no terminal to type the password in. Use --password-stdin and give it on standard input.',
        );
      }
      return readHidden(io, tty, prompt);
    },
  };
}

/** A new password, typed twice at a terminal (once on standard input). */
export async function readNewPassword(
  reader: SecretReader,
  fromStdin: boolean,
  name: string,
): Promise<string> {
  const password = await reader.read(`New password for "${name}": `);
  if (fromStdin) return password;
  const again = await reader.read('Type it again: ');
  if (again !== password) throw new UserFacingError('BAD_INPUT', 'The two passwords differ.');
  return password;
}
