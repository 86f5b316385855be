import type { FileLogger } from '../app/file-logger';
import type { WriterClient } from '../storage';

/** What a CLI command may touch: streams and environment, injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface GlobalOptions {
  readonly dataDir: string;
  readonly json: boolean;
  /** The process's log (<data dir>/logs/premia.log), shared by every Premia the command opens. */
  readonly logger: FileLogger;
  /**
   * The storage writer main.ts started before loading a profile command, handed to the first
   * Premia the command opens (undefined after that, or when none was started).
   */
  readonly takeWriter?: () => WriterClient | undefined;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: string[], globals: GlobalOptions, io: CliIo): Promise<number>;
}

/**
 * Exit codes: 0 ok, 1 the command failed, 2 the command line was wrong, 3 a scan finished but
 * some underlyings failed (its rows for the others are stored).
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_PARTIAL = 3;
