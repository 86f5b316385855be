import { z } from 'zod';
import { ScanProgressSchema } from './domains/scans';

/** Push events from main to the renderer. Payloads are validated in main before they are sent. */
export const contractEvents = {
  'app.notice': z.object({
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  }),
  'scans.progress': ScanProgressSchema,
} as const satisfies Readonly<Record<string, z.ZodType>>;

export type ContractEvents = typeof contractEvents;
export type EventName = keyof ContractEvents;
export type EventPayload<E extends EventName> = z.output<ContractEvents[E]>;

export const EVENT_PREFIX = 'premia:event:';

export function eventChannelId(event: EventName): string {
  return `${EVENT_PREFIX}${event}`;
}

export interface EventSubscriber {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
