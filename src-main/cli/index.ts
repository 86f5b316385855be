import { handleProcessFailures } from '../app/process-failures';
import type { CliIo } from './io';
import { EXIT_FAILED } from './io';
import { createCliLogger, dataDirOf, runCli } from './main';

/**
 * The `premia` executable's entry: real streams, real environment, and the process-wide failure
 * handlers (a crash is logged and explained, never a bare stack or a silent exit).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  };
  const logger = createCliLogger(dataDirOf(argv, io.env), io);
  const stopHandling = handleProcessFailures(process, {
    logger,
    onFatal: (message) => {
      io.stderr.write(`premia: ${message}\n`);
      logger.close();
      process.exit(EXIT_FAILED);
    },
    onRejection: (message) => {
      io.stderr.write(`premia: ${message}\n`);
      process.exitCode = EXIT_FAILED;
    },
  });
  try {
    const code = await runCli(argv, io, logger);
    // A rejection reported while the command ran makes the whole command a failure.
    return process.exitCode === EXIT_FAILED ? EXIT_FAILED : code;
  } finally {
    stopHandling();
    logger.close();
  }
}
