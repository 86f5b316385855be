import {
  contractEvents,
  eventChannelId,
  type EventName,
  type EventPayload,
} from '../../src-preload/contract';
import type { Logger } from './logger';

/** `profileId` is the only profile allowed to see the event; undefined means every window. */
export type EventSink = (channel: string, payload: unknown, profileId: string | undefined) => void;

/**
 * Push events from services to whoever shows them (Electron windows, the browser harness, the
 * CLI). Payloads are checked against the contract before they leave main.
 */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  constructor(private readonly logger: Logger) {}

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => {
      this.sinks.delete(sink);
    };
  }

  publish<E extends EventName>(event: E, payload: EventPayload<E>, profileId?: string): void {
    const parsed = contractEvents[event].safeParse(payload);
    if (!parsed.success) {
      this.logger.error('events.bad-payload', { event, issues: parsed.error.message });
      return;
    }
    const channel = eventChannelId(event);
    for (const sink of this.sinks) {
      try {
        sink(channel, parsed.data, profileId);
      } catch (error) {
        this.logger.warn('events.sink-failed', { event, error: String(error) });
      }
    }
  }
}
