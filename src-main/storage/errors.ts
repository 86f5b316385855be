import { statfsSync } from 'node:fs';
import { UserFacingError } from '../domain/errors';

/** Why a storage operation failed, as the writer thread reports it across the thread boundary. */
export const STORAGE_ERROR_KINDS = [
  'busy',
  'full',
  'corrupt',
  'constraint',
  'read_only',
  'too_new',
  'not_found',
  'not_allowed',
  'internal',
] as const;
export type StorageErrorKind = (typeof STORAGE_ERROR_KINDS)[number];

/** What crosses the postMessage boundary: plain data, no Error instance. */
export interface SerializedStorageError {
  readonly kind: StorageErrorKind;
  /** Technical detail for the log (SQLite's own message, errno, ...). */
  readonly message: string;
  /** A sentence for the trader, when the thrower knew better than the generic one for its kind. */
  readonly userMessage?: string;
  /** SQLite's or Node's error code (SQLITE_FULL, ENOSPC, ...). */
  readonly code?: string;
}

/** Thrown inside storage (writer thread and main) for failures with a known kind. */
export class StorageFailure extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    readonly userMessage?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'StorageFailure';
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Below this many free bytes an I/O error on write is almost certainly a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

function diskLooksFull(folder: string | undefined): boolean {
  if (folder === undefined) return false;
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/**
 * Maps SQLite result codes and Node errno codes to a kind. `folder` (the workspace) lets a vague
 * SQLITE_IOERR on a disk with no free space be reported as what it is: a full disk.
 */
export function classifyError(error: unknown, folder?: string): SerializedStorageError {
  if (error instanceof StorageFailure) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.userMessage === undefined ? {} : { userMessage: error.userMessage }),
      ...(error.code === undefined ? {} : { code: error.code }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const withCode = (kind: StorageErrorKind): SerializedStorageError =>
    code === undefined ? { kind, message } : { kind, message, code };
  if (code === undefined) return withCode('internal');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return withCode('busy');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return withCode('full');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return withCode('corrupt');
  if (code.startsWith('SQLITE_CONSTRAINT')) return withCode('constraint');
  if (code.startsWith('SQLITE_READONLY') || ['EROFS', 'EACCES', 'EPERM'].includes(code)) {
    return withCode('read_only');
  }
  if (code.startsWith('SQLITE_IOERR') && diskLooksFull(folder)) return withCode('full');
  return withCode('internal');
}

/** The sentence a trader reads for each kind when the thrower gave none. */
const USER_MESSAGES: Record<StorageErrorKind, string> = {
  busy: 'The profile database is busy right now (another Premia window or command may be using it). Try again in a moment.',
  full: 'The disk holding Premia data is full, so nothing more could be saved. Free some space (or delete old scans) and try again.',
  corrupt:
    "This profile's database is damaged and cannot be read. Restore it from a backup (your other profiles are not affected).",
  constraint: 'Premia refused to save data that does not fit its database rules.',
  read_only:
    "Premia cannot write to this profile's folder. Check that the disk is not read-only and that you have permission to write there.",
  too_new:
    "This profile's database was written by a newer version of Premia. Update Premia to open it.",
  not_found: 'That item does not exist in this profile.',
  not_allowed: 'That is not allowed for this profile.',
  internal: 'Something went wrong inside Premia storage.',
};

/** `details` says where the log is (see whereDetailsAre); it ends an internal failure's message. */
export function toUserFacingError(
  error: SerializedStorageError,
  details = 'The details are in the log.',
): UserFacingError {
  const message =
    error.userMessage ??
    (error.kind === 'internal'
      ? `${USER_MESSAGES.internal} ${details}`
      : USER_MESSAGES[error.kind]);
  switch (error.kind) {
    case 'busy':
      return new UserFacingError('STORAGE_BUSY', message);
    case 'full':
      return new UserFacingError('STORAGE_FULL', message);
    case 'corrupt':
      return new UserFacingError('STORAGE_CORRUPT', message);
    case 'read_only':
      return new UserFacingError('STORAGE_READ_ONLY', message);
    case 'too_new':
      return new UserFacingError('STORAGE_TOO_NEW', message);
    case 'not_found':
      return new UserFacingError('NOT_FOUND', message);
    case 'constraint':
      return new UserFacingError('CONFLICT', message);
    case 'not_allowed':
      return new UserFacingError('NOT_ALLOWED', message);
    case 'internal':
      return new UserFacingError('INTERNAL', message);
  }
}

/** Any error thrown by storage code in main, as the UserFacingError the rest of the app expects. */
export function asUserFacing(error: unknown, folder?: string, details?: string): UserFacingError {
  if (error instanceof UserFacingError) return error;
  return toUserFacingError(classifyError(error, folder), details);
}
