/**
 * Runs the real preload (src-preload/index.ts) against a stand-in `electron` module and checks
 * what it hands the page: exactly one global, `premia`, with one function per contract channel
 * and the event subscriber, each call going to ipcRenderer.invoke on its own channel and nothing
 * else of Electron reaching the page.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contractEvents, eventChannelId, listChannels } from '../../src-preload/contract';

type Listener = (event: unknown, payload: unknown) => void;

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  let reply: (channel: string) => Promise<unknown> = () =>
    Promise.resolve({ ok: true, value: null });
  return {
    exposed,
    invoked,
    listeners,
    setReply(next: (channel: string) => Promise<unknown>) {
      reply = next;
    },
    module: {
      contextBridge: {
        exposeInMainWorld(key: string, api: unknown) {
          exposed.set(key, api);
        },
      },
      // Only what the preload may use; anything else (send, sendSync, sendToHost) is absent, so
      // a preload that reached for it would throw here.
      ipcRenderer: {
        invoke(channel: string, input: unknown) {
          invoked.push({ channel, input });
          return reply(channel);
        },
        on(channel: string, listener: Listener) {
          const set = listeners.get(channel) ?? new Set<Listener>();
          set.add(listener);
          listeners.set(channel, set);
        },
        removeListener(channel: string, listener: Listener) {
          listeners.get(channel)?.delete(listener);
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

type Method = (input?: unknown) => Promise<unknown>;
let premia: Record<string, unknown>;

function method(domain: string, name: string): Method {
  const group = premia[domain] as Record<string, unknown> | undefined;
  const fn = group?.[name];
  if (typeof fn !== 'function') throw new Error(`window.premia.${domain}.${name} is missing`);
  return fn as Method;
}

beforeAll(async () => {
  await import('../../src-preload/index');
  premia = electron.exposed.get('premia') as Record<string, unknown>;
});

describe('the preload', () => {
  it('exposes one global, premia, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['premia']);
    expect(Object.isFrozen(premia)).toBe(true);
  });

  it('exposes exactly the contract: every channel, grouped by domain, plus events', () => {
    const expected = new Map<string, string[]>();
    for (const entry of listChannels()) {
      expected.set(entry.domain, [...(expected.get(entry.domain) ?? []), entry.method]);
    }
    expect(Object.keys(premia).sort()).toEqual([...expected.keys(), 'events'].sort());
    for (const [domain, methods] of expected) {
      expect(Object.keys(premia[domain] as object).sort(), domain).toEqual([...methods].sort());
    }
    expect(Object.keys(premia.events as object)).toEqual(['on']);
  });

  it('sends each method to ipcRenderer.invoke on its own channel with the input untouched', async () => {
    electron.invoked.length = 0;
    const entries = listChannels();
    for (const entry of entries) {
      const input = { probe: entry.channel };
      expect(await method(entry.domain, entry.method)(input)).toEqual({ ok: true, value: null });
    }
    expect(electron.invoked).toEqual(
      entries.map((entry) => ({ channel: entry.channel, input: { probe: entry.channel } })),
    );
    expect(new Set(electron.invoked.map((call) => call.channel)).size).toBe(entries.length);
    for (const call of electron.invoked) expect(call.channel).toMatch(/^premia:[a-z]+\.[a-zA-Z]+$/);
  });

  it('turns a malformed reply or a failed invoke into an INTERNAL error value, never a throw', async () => {
    const call = method('profiles', 'list');
    electron.setReply(() => Promise.resolve({ ok: false, error: { code: 42 } }));
    expect(await call()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    electron.setReply(() => Promise.resolve('not a result'));
    expect(await call()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    electron.setReply(() => Promise.reject(new Error('main went away')));
    expect(await call()).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('main went away') },
    });
    electron.setReply(() => Promise.resolve({ ok: true, value: null }));
  });

  it('subscribes to contract events only, hands the page the payload without the IPC event, and unsubscribes', () => {
    const events = premia.events as {
      on(event: string, listener: (payload: unknown) => void): () => void;
    };
    for (const event of Object.keys(contractEvents) as (keyof typeof contractEvents)[]) {
      const received: unknown[] = [];
      const off = events.on(event, (payload) => received.push(payload));
      const channel = eventChannelId(event);
      const registered = [...(electron.listeners.get(channel) ?? [])];
      expect(registered).toHaveLength(1);
      const ipcEvent = { sender: 'the IpcRendererEvent, which must not reach the page' };
      for (const listener of registered) listener(ipcEvent, { hello: event });
      expect(received).toEqual([{ hello: event }]);
      off();
      expect(electron.listeners.get(channel)?.size).toBe(0);
    }
    expect(() => events.on('shell.openAnything', () => undefined)).toThrow(/Unknown Premia event/);
  });
});
