// First: zod reads this setting when the contract's schemas are built.
import './zod-jitless';
import {
  contractEvents,
  eventChannelId,
  listChannels,
  PremiaErrorSchema,
  type EventName,
  type PremiaApi,
  type Result,
} from './contract';
import type { Transport } from './transport';

/** A reply that is not a well-formed Result becomes an INTERNAL error, never an exception. */
function asResult(reply: unknown): Result<unknown> {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const candidate = reply as { ok: unknown; value?: unknown; error?: unknown };
    if (candidate.ok === true) return { ok: true, value: candidate.value };
    const parsed = PremiaErrorSchema.safeParse(candidate.error);
    if (candidate.ok === false && parsed.success) return { ok: false, error: parsed.data };
  }
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'Premia sent a reply it could not read.' },
  };
}

/** Builds `window.premia` from the contract: one async function per channel, plus events. */
export function buildPremiaApi(transport: Transport): PremiaApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const entry of listChannels()) {
    const domain = (api[entry.domain] ??= {});
    domain[entry.method] = async (input?: unknown) => {
      try {
        return asResult(await transport.invoke(entry.channel, input));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `Premia could not be reached: ${message}` },
        };
      }
    };
  }
  const events = {
    on(event: EventName, listener: (payload: never) => void): () => void {
      if (!(event in contractEvents)) throw new Error(`Unknown Premia event: ${String(event)}`);
      return transport.subscribe(eventChannelId(event), (payload) => listener(payload as never));
    },
  };
  return Object.freeze({ ...api, events }) as unknown as PremiaApi;
}
