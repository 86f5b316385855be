import type { ErrorCode, PremiaError } from './errors';

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly error: PremiaError };
export type Result<T> = Ok<T> | Err;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err(
  code: ErrorCode,
  message: string,
  extra: Omit<PremiaError, 'code' | 'message'> = {},
): Err {
  return { ok: false, error: { code, message, ...extra } };
}
