/**
 * Runs in the page before the app: builds window.premia from the contract over a WebSocket to the
 * harness, which hands each call to a real createPremia() router in Node.
 */
import { buildPremiaApi } from '../../../src-preload/api';
import type { Transport } from '../../../src-preload/transport';

interface Pending {
  resolve(value: unknown): void;
  reject(reason: Error): void;
}

function createWebSocketTransport(url: string): Transport {
  const socket = new WebSocket(url);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('the harness socket failed')));
  });
  let nextId = 1;
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as {
      id?: number;
      result?: unknown;
      event?: string;
      payload?: unknown;
    };
    if (typeof data.id === 'number') {
      pending.get(data.id)?.resolve(data.result);
      pending.delete(data.id);
    } else if (typeof data.event === 'string') {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the harness socket closed'));
    pending.clear();
  });
  return {
    async invoke(channel, input) {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => {
        set.delete(listener);
      };
    },
  };
}

Object.defineProperty(window, 'premia', {
  value: buildPremiaApi(createWebSocketTransport(`ws://${location.host}/__premia/ws`)),
  writable: false,
  configurable: false,
});
