import { runCli } from './main';

/** The `premia` executable's entry: real streams, real environment. */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}
