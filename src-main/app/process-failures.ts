import { whereDetailsAre, type Logger } from './logger';

/** The part of `process` these handlers use, so a test can drive them with an EventEmitter. */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ProcessFailureOptions {
  readonly logger: Logger;
  /**
   * An exception nobody caught: the process's state is unknown, so the entry point tells the
   * trader (dialog or stderr) with this message and stops.
   */
  readonly onFatal: (message: string) => void;
  /**
   * A rejected promise nobody awaited. It is a bug but the state is intact: the shell logs it and
   * keeps running; the CLI says so and ends non-zero.
   */
  readonly onRejection?: (message: string) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Installs uncaughtException / unhandledRejection handlers that log the failure (with its stack)
 * and say in plain words what happened and which file holds the details: no silent death.
 * Returns the function that removes them.
 */
export function handleProcessFailures(
  target: ProcessEvents,
  options: ProcessFailureOptions,
): () => void {
  const { logger } = options;
  const onException = (error: unknown): void => {
    logger.error('process.uncaught-exception', { error: describe(error) });
    options.onFatal(`Premia stopped on an unexpected error. ${whereDetailsAre(logger)}`);
  };
  const onRejection = (reason: unknown): void => {
    logger.error('process.unhandled-rejection', { error: describe(reason) });
    options.onRejection?.(
      `Premia hit an unexpected error it did not wait for. ${whereDetailsAre(logger)}`,
    );
  };
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
