import { join } from 'node:path';
import pino from 'pino';
import { PROFILE_ID_PATTERN } from '../../src-preload/contract/profile-id-pattern';
import type { Clock } from './clock';
import { RotatingLogFile } from './log-file';
import type { LogFields, Logger, LogLevel } from './logger';

/** The log file's name, in <data dir>/logs/ and in each profile's logs/. */
export const LOG_FILE_NAME = 'premia.log';

/** <data dir>/logs/premia.log: everything the app or the CLI logs. */
export function appLogPath(dataDir: string): string {
  return join(dataDir, 'logs', LOG_FILE_NAME);
}

/** <data dir>/profiles/<id>/logs/premia.log: the events that name this profile. */
export function profileLogPath(dataDir: string, profileId: string): string {
  return join(dataDir, 'profiles', profileId, 'logs', LOG_FILE_NAME);
}

/** Field names whose values are secrets wherever they appear (up to three levels deep). */
const SECRET_KEYS = [
  'apiKey',
  'apiSecret',
  'api_key',
  'api_secret',
  'accessToken',
  'access_token',
  'requestToken',
  'request_token',
  'password',
  'newPassword',
  'oldPassword',
  'secret',
  'checksum',
  'dataKey',
  'authorization',
  'Authorization',
];

export const REDACTED_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
]);

/**
 * Secrets inside free text (a URL or an error message that echoes a request): the login
 * redirect's request_token, Kite's `Authorization: token key:access_token` header.
 */
const SECRET_IN_TEXT: readonly [RegExp, string][] = [
  [/\b(request_token|access_token|api_secret|checksum)=[^&\s"']+/gi, '$1=[Redacted]'],
  [/\btoken\s+[A-Za-z0-9_-]+:[A-Za-z0-9_-]+/gi, 'token [Redacted]'],
];

function scrubText(value: string): string {
  return SECRET_IN_TEXT.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    value,
  );
}

function scrubFields(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = typeof value === 'string' ? scrubText(value) : value;
  return out;
}

export interface FileLoggerOptions {
  readonly dataDir: string;
  readonly clock: Clock;
  /** Lowest level written to the files (default info). */
  readonly level?: LogLevel;
  /** Also write lines at or above `level` to this stream (stderr in a terminal). */
  readonly echo?: { readonly stream: { write(chunk: string): unknown }; readonly level: LogLevel };
  readonly maxBytes?: number;
  readonly maxFiles?: number;
}

export interface FileLogger extends Logger {
  readonly file: string;
  /** Closes a profile's log before its workspace is deleted. */
  forgetProfile(profileId: string): void;
  close(): void;
}

/**
 * Structured JSON lines through pino, redacted by path, into the app's rotating log file; an event
 * whose fields name a `profileId` also goes to that profile's own logs/ (while its workspace
 * exists). One instance per process, built by the entry point and passed to createPremia.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const level = options.level ?? 'info';
  const rotation = { clock: options.clock, maxBytes: options.maxBytes, maxFiles: options.maxFiles };
  const appFile = new RotatingLogFile({
    ...rotation,
    path: appLogPath(options.dataDir),
    createFolder: true,
  });
  const profileFiles = new Map<string, RotatingLogFile>();
  const instances = new Map<string, pino.Logger>();

  const build = (files: readonly RotatingLogFile[]): pino.Logger => {
    const streams: pino.StreamEntry<LogLevel>[] = files.map((file) => ({ stream: file, level }));
    if (options.echo !== undefined)
      streams.push({ stream: options.echo.stream, level: options.echo.level });
    return pino(
      {
        level: 'debug',
        base: { pid: process.pid },
        redact: { paths: [...REDACTED_PATHS], censor: '[Redacted]' },
        timestamp: () => `,"time":"${options.clock.now().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      pino.multistream(streams),
    );
  };
  const appLogger = build([appFile]);

  const forProfile = (profileId: unknown): pino.Logger => {
    // Only a well-formed id becomes a path: a field value never chooses where files are written.
    if (typeof profileId !== 'string' || !PROFILE_ID_PATTERN.test(profileId)) return appLogger;
    let instance = instances.get(profileId);
    if (instance === undefined) {
      const file = new RotatingLogFile({
        ...rotation,
        path: profileLogPath(options.dataDir, profileId),
      });
      profileFiles.set(profileId, file);
      instance = build([appFile, file]);
      instances.set(profileId, instance);
    }
    return instance;
  };

  const write = (at: LogLevel, event: string, fields: LogFields = {}): void => {
    forProfile(fields.profileId)[at]({ ...scrubFields(fields), event });
  };
  return {
    file: appFile.path,
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    forgetProfile(profileId) {
      profileFiles.get(profileId)?.close();
      profileFiles.delete(profileId);
      instances.delete(profileId);
    },
    close() {
      for (const file of profileFiles.values()) file.close();
      profileFiles.clear();
      instances.clear();
      appFile.close();
    },
  };
}
