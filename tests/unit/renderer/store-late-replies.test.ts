/**
 * The renderer's stores drop replies that arrive late: a slow first load must not overwrite a
 * faster second one, and nothing may land in a store after the profile closed. The stores run
 * against the real client API (buildPremiaApi) over a transport whose replies the test releases
 * in the order it chooses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPremiaApi } from '../../../src-preload/api';
import type { Transport } from '../../../src-preload/transport';
import { useAuditStore } from '../../../src-renderer/stores/audit-store';
import { useCredentialsStore } from '../../../src-renderer/stores/credentials-store';
import { useHistoryStore } from '../../../src-renderer/stores/history-store';

interface PendingCall {
  readonly channel: string;
  readonly input: unknown;
  answer(value: unknown): void;
}

const calls: PendingCall[] = [];
const transport: Transport = {
  invoke: (channel, input) =>
    new Promise((resolve) => {
      calls.push({ channel, input, answer: (value) => resolve({ ok: true, value }) });
    }),
  subscribe: () => () => undefined,
};

/** The n-th still-unanswered call on a channel. */
function pending(channel: string): PendingCall[] {
  return calls.filter((call) => call.channel === channel);
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

// The stores reach window.premia only when they act, so it can be installed after they load.
beforeAll(() => {
  Object.assign(globalThis, { window: { premia: buildPremiaApi(transport) } });
});

describe('late replies', () => {
  it('keeps the newer of two loads when the older answers last', async () => {
    const store = useCredentialsStore;
    void store.getState().load();
    void store.getState().load();
    const [first, second] = pending('premia:credentials.get');
    second?.answer({ apiKey: '••••new1' });
    first?.answer({ apiKey: '••••old1' });
    await settle();
    expect(store.getState().view).toEqual({ apiKey: '••••new1' });
  });

  it('drops a reply that arrives after the profile closed', async () => {
    calls.length = 0;
    const store = useCredentialsStore;
    void store.getState().load();
    store.getState().reset();
    pending('premia:credentials.get')[0]?.answer({ apiKey: '••••asha' });
    await settle();
    expect(store.getState().view).toBeNull();
  });

  it('shows the comparison asked for last, computed in main', async () => {
    calls.length = 0;
    const store = useHistoryStore;
    store.getState().toggleSelected(3);
    store.getState().toggleSelected(7);
    void store.getState().compare('NIFTY');
    void store.getState().compare('TCS');
    const [nifty, tcs] = pending('premia:compare.runs');
    expect(nifty?.input).toEqual({ beforeRunId: 3, afterRunId: 7, underlying: 'NIFTY' });
    tcs?.answer({ underlying: 'TCS', changes: [] });
    nifty?.answer({ underlying: 'NIFTY', changes: [] });
    await settle();
    expect(store.getState().comparison).toMatchObject({ underlying: 'TCS' });
  });

  it('lets a fresh first page overtake a "more" still on its way', async () => {
    calls.length = 0;
    const store = useAuditStore;
    store.setState({
      entries: [{ id: 9, at: '', action: 'login', outcome: 'success', detail: '' }],
    });
    void store.getState().loadMore();
    void store.getState().load();
    const [more, fresh] = pending('premia:audit.list');
    fresh?.answer([{ id: 20, at: '', action: 'login', outcome: 'success', detail: '' }]);
    more?.answer([{ id: 8, at: '', action: 'logout', outcome: 'success', detail: '' }]);
    await settle();
    expect(store.getState().entries.map((entry) => entry.id)).toEqual([20]);
  });
});
