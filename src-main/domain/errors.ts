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

export function toPremiaError(error: unknown): PremiaError {
  if (error instanceof UserFacingError) {
    return { code: error.code, message: error.message, ...error.extra };
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Premia. The details are in the log.',
  };
}
