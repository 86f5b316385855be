/**
 * What the results store asks main for, and when: opening a run asks for its first page, whose
 * reply carries the run's summary, and a chip or sort asks for its first page as it is clicked,
 * not after the screen has rendered the click. The store runs against the real client API (buildPremiaApi)
 * over a transport that records each call and answers when the test says.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPremiaApi } from '../../../src-preload/api';
import type { Transport } from '../../../src-preload/transport';
import { ROW_PAGE_SIZE } from '../../../src-renderer/components/table/row-page-cache';
import { useResultsStore } from '../../../src-renderer/stores/results-store';

interface PendingCall {
  readonly channel: string;
  readonly input: unknown;
  answer(value: unknown): void;
  refuse(error: { code: string; message: string }): void;
}

const calls: PendingCall[] = [];
const transport: Transport = {
  invoke: (channel, input) =>
    new Promise((resolve) => {
      calls.push({
        channel,
        input,
        answer: (value) => resolve({ ok: true, value }),
        refuse: (error) => resolve({ ok: false, error }),
      });
    }),
  subscribe: () => () => undefined,
};

function pending(channel: string): PendingCall[] {
  return calls.filter((call) => call.channel === `premia:runs.${channel}`);
}

const RUN = { id: 7, symbols: ['NIFTY'] };
const page = (strike: number) => ({ run: RUN, rows: [{ strike }], total: 1 });

beforeAll(() => {
  Object.assign(globalThis, { window: { premia: buildPremiaApi(transport) } });
});

/** Opens run 7 and answers its first page. */
async function openRun(): Promise<void> {
  const opened = useResultsStore.getState().open(7);
  pending('results')[0]?.answer(page(22_000));
  await opened;
}

describe('results store', () => {
  beforeEach(() => {
    calls.length = 0;
    useResultsStore.getState().reset('closed');
  });

  it('opens a run from its first page alone: the reply carries the run’s summary', async () => {
    const opened = useResultsStore.getState().open(7);
    expect(calls.map((call) => call.channel)).toEqual(['premia:runs.results']);
    pending('results')[0]?.answer(page(22_000));
    await opened;
    const state = useResultsStore.getState();
    expect(state.run).toEqual(RUN);
    expect(state.firstPage).toEqual({ rows: [{ strike: 22_000 }], totalRows: 1 });
    expect(pending('get')).toEqual([]);
    // The table shows that page without asking for it; the next page it asks for is read.
    void state.loadPage?.(ROW_PAGE_SIZE, ROW_PAGE_SIZE);
    expect(pending('results').map((call) => (call.input as { offset: number }).offset)).toEqual([
      0,
      ROW_PAGE_SIZE,
    ]);
  });

  it('drops the last run’s rows as soon as another run is asked for, and says which is coming', async () => {
    await openRun();
    calls.length = 0;
    const opened = useResultsStore.getState().open(8);
    // Before main answers: a Results screen shown now draws no rows of run 7.
    expect(useResultsStore.getState()).toMatchObject({
      opening: 8,
      run: null,
      loadPage: null,
      firstPage: null,
    });
    pending('results')[0]?.answer({ ...page(23_000), run: { id: 8, symbols: ['NIFTY'] } });
    await opened;
    expect(useResultsStore.getState()).toMatchObject({ opening: null, run: { id: 8 } });
  });

  it('asks for the summary on its own when main refuses the first page', async () => {
    const opened = useResultsStore.getState().open(7);
    pending('results')[0]?.refuse({ code: 'CONFLICT', message: 'Scan #7 is still running.' });
    await expect.poll(() => pending('get').length).toBe(1);
    pending('get')[0]?.answer(RUN);
    await opened;
    const state = useResultsStore.getState();
    expect(state.run).toEqual(RUN);
    // The table asks for the page again and shows main's answer.
    expect(state.firstPage).toBeNull();
    expect(state.error).toBeNull();
  });

  it('asks for a chip’s first page as the chip is clicked; the table’s first ask gets that reply', async () => {
    await openRun();
    calls.length = 0;
    useResultsStore.getState().setChips({ optionType: 'CE' });
    // Asked before anything has rendered the chip: no table has asked for a page yet.
    expect(pending('results').map((call) => call.input)).toEqual([
      {
        runId: 7,
        sort: { column: 'annualizedRomPct', direction: 'desc' },
        filter: { optionType: 'CE', passesFilters: true },
        offset: 0,
        limit: ROW_PAGE_SIZE,
      },
    ]);
    const { loadPage, firstPage } = useResultsStore.getState();
    expect(firstPage).toBeNull();
    const shown = loadPage?.(0, ROW_PAGE_SIZE);
    expect(calls).toHaveLength(1);
    pending('results')[0]?.answer(page(22_100));
    await expect(shown).resolves.toEqual({
      ok: true,
      value: { rows: [{ strike: 22_100 }], totalRows: 1 },
    });
    // That reply is used once: the page asked for again (say, after the cache dropped it) is
    // read again, as is every other page.
    void loadPage?.(0, ROW_PAGE_SIZE);
    void loadPage?.(ROW_PAGE_SIZE, ROW_PAGE_SIZE);
    expect(pending('results').map((call) => (call.input as { offset: number }).offset)).toEqual([
      0,
      0,
      ROW_PAGE_SIZE,
    ]);
  });

  it('asks for a sort’s first page as the sort is chosen', async () => {
    await openRun();
    calls.length = 0;
    useResultsStore.getState().setSort({ columnId: 'premium', direction: 'desc' });
    expect(pending('results').map((call) => call.input)).toMatchObject([
      { sort: { column: 'premium', direction: 'desc' }, offset: 0 },
    ]);
    expect(useResultsStore.getState().sort).toEqual({ columnId: 'premium', direction: 'desc' });
  });
});
