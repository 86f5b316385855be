import type { ErrorCode, PremiaError } from '../../src-preload/contract';

/**
 * Services throw UserFacingError for failures a trader should read; anything else thrown is a bug
 * and becomes a generic INTERNAL error (the detail goes to the log, not to the screen).
 */
export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<PremiaError, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** `details` names the log file ("The details are in /…/logs/premia.log."). */
export function toPremiaError(
  error: unknown,
  details = 'The details are in the log.',
): PremiaError {
  if (error instanceof UserFacingError) {
    return { code: error.code, message: error.message, ...error.extra };
  }
  return {
    code: 'INTERNAL',
    message: `Something went wrong inside Premia. ${details}`,
  };
}
