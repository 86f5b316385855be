import { UserFacingError } from '../domain/errors';
import type { ParsedTradebook } from './tradebook';

/**
 * What the tradebook pool task sends back, and its reading in main. Apart from the task itself
 * (tradebook-task.ts), which runs in a pool thread and needs piscina: main reads the answer
 * without loading piscina until a pool is actually used.
 */
export type TradebookTaskResult =
  | { readonly ok: true; readonly parsed: ParsedTradebook }
  | { readonly ok: false; readonly message: string; readonly extra: UserFacingError['extra'] };

/** The task's answer in main: the parsed file, or the same refusal parsing in main would throw. */
export function tradebookFromTask(result: TradebookTaskResult): ParsedTradebook {
  if (!result.ok) throw new UserFacingError('BAD_INPUT', result.message, result.extra);
  return result.parsed;
}
