import { z } from 'zod';

/**
 * Every error that crosses a boundary (IPC, CLI, worker reply) carries one of these codes and a
 * sentence a trader understands. Codes are stable; messages may improve.
 */
export const ERROR_CODES = [
  'BAD_INPUT',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
  'NOT_FOUND',
  'CONFLICT',
  'NOT_LOGGED_IN',
  'NOT_ALLOWED',
  'WRONG_PASSWORD',
  'THROTTLED',
  'LOCKED',
  'KEYCHAIN_UNAVAILABLE',
  'QUOTA_EXCEEDED',
  'STORAGE_BUSY',
  'STORAGE_FULL',
  'STORAGE_CORRUPT',
  'STORAGE_READ_ONLY',
  'STORAGE_TOO_NEW',
  'BROKER_UNAVAILABLE',
  'BROKER_RATE_LIMITED',
  'BROKER_TOKEN_EXPIRED',
  'BROKER_ERROR',
  'CANCELLED',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const PremiaErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Field-level problems for BAD_INPUT: path → sentence. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** Seconds until a throttled action may be retried. */
  retryAfterSeconds: z.number().optional(),
});
export type PremiaError = z.infer<typeof PremiaErrorSchema>;
