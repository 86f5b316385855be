export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** The file these events are written to; absent when they go only to a stream or memory. */
  readonly file?: string;
  /** Closes a profile's own log file before its workspace is deleted. */
  forgetProfile?(profileId: string): void;
}

/** The sentence every "something went wrong" message ends with: it names the file to send. */
export function whereDetailsAre(logger: Pick<Logger, 'file'>): string {
  return logger.file === undefined
    ? 'The details are in the log.'
    : `The details are in ${logger.file}.`;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON line per event to a writable stream (stderr by default), at or above `level`. */
export function createStreamLogger(
  stream: { write(chunk: string): unknown } = process.stderr,
  level: LogLevel = 'info',
): Logger {
  const write = (at: LogLevel, event: string, fields: LogFields = {}): void => {
    if (ORDER[at] < ORDER[level]) return;
    stream.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: at, event, ...fields })}\n`,
    );
  };
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

/** Keeps entries in memory: for tests that assert on what was logged. */
export function createMemoryLogger(): Logger & {
  entries: { level: LogLevel; event: string; fields: LogFields }[];
} {
  const entries: { level: LogLevel; event: string; fields: LogFields }[] = [];
  const push =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) => {
      entries.push({ level, event, fields });
    };
  return {
    entries,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}
