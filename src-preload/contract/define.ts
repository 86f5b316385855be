import type { z } from 'zod';

/** One request/response method of a domain: what the renderer may send and what it gets back. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
): MethodSpec<I, O> {
  return { input, output };
}

export type DomainSpec = Readonly<Record<string, MethodSpec>>;
export type ContractSpec = Readonly<Record<string, DomainSpec>>;
