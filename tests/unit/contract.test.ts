import { describe, expect, it } from 'vitest';
import { buildPremiaApi } from '../../src-preload/api';
import {
  contract,
  listChannels,
  PremiaErrorSchema,
  ProfileIdSchema,
} from '../../src-preload/contract';
import type { Transport } from '../../src-preload/transport';

describe('contract', () => {
  it('names every channel premia:<domain>.<method>', () => {
    const channels = listChannels().map((entry) => entry.channel);
    expect(channels).toContain('premia:app.version');
    expect(channels).toContain('premia:profiles.list');
    for (const channel of channels) expect(channel).toMatch(/^premia:[a-z]+\.[a-zA-Z]+$/);
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('validates profile ids strictly', () => {
    expect(ProfileIdSchema.safeParse('a1b2c3d4e5f6').success).toBe(true);
    for (const bad of ['', 'short', '../../etc', 'UPPERCASE123', 'x'.repeat(33)]) {
      expect(ProfileIdSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('gives every method an input and an output schema', () => {
    for (const methods of Object.values(contract)) {
      for (const spec of Object.values(methods)) {
        expect(typeof spec.input.safeParse).toBe('function');
        expect(typeof spec.output.safeParse).toBe('function');
      }
    }
  });
});

describe('buildPremiaApi', () => {
  function transport(
    reply: (channel: string, input: unknown) => unknown,
  ): Transport & { calls: [string, unknown][] } {
    const calls: [string, unknown][] = [];
    return {
      calls,
      invoke: async (channel, input) => {
        calls.push([channel, input]);
        return reply(channel, input);
      },
      subscribe: () => () => undefined,
    };
  }

  it('maps each method to its channel and passes the Result through', async () => {
    const fake = transport(() => ({ ok: true, value: { path: '/d' } }));
    const api = buildPremiaApi(fake);
    await expect(api.app.dataDirectory()).resolves.toEqual({ ok: true, value: { path: '/d' } });
    expect(fake.calls).toEqual([['premia:app.dataDirectory', undefined]]);
  });

  it('turns a transport failure or a garbled reply into an INTERNAL error Result', async () => {
    const failing: Transport = {
      invoke: () => Promise.reject(new Error('socket closed')),
      subscribe: () => () => undefined,
    };
    const failed = await buildPremiaApi(failing).app.version();
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(PremiaErrorSchema.safeParse(failed.ok ? null : failed.error).success).toBe(true);
    const garbled = await buildPremiaApi(transport(() => 'hello')).profiles.list();
    expect(garbled).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('refuses to subscribe to an event the contract does not define', () => {
    const api = buildPremiaApi(transport(() => null));
    expect(() => api.events.on('nope' as 'app.notice', () => undefined)).toThrow(
      /Unknown Premia event/,
    );
  });
});
