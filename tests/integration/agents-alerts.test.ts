/**
 * What agents store: each match raises one alert until it ends (the dedupe is the stored match
 * set's primary key, the alert's key is UNIQUE), older agent runs are rolled up, and position
 * watch reads the journal's open shorts. Real SQLite in a temp dir, the built-in market, a manual
 * clock at Thursday 3 Dec 2026, 10:30 IST (an NSE trading day).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_DETAILED_RUNS } from '../../src-main/agents/agent-runner';
import { createManualClock } from '../../src-main/app/clock';
import type { Premia } from '../../src-main/app/create-premia';
import type { AlertMatch } from '../../src-main/storage/agent-records';
import type { ProfileId } from '../../src-preload/contract';
import { openTestPremia, STRONG, tempDataDir } from '../support/vault-fixtures';

const NOW = new Date('2026-12-03T05:00:00Z');

function matchOf(symbol: string): AlertMatch {
  return {
    matchKey: `rom-above:${symbol}`,
    kind: 'rom-above',
    underlying: 'NIFTY',
    tradingsymbol: symbol,
    message: `${symbol} matched`,
    valuesJson: '{}',
    runId: null,
  };
}

describe('agent alerts and storage', () => {
  const { dir, cleanup } = tempDataDir();
  const clock = createManualClock(NOW);
  let premia: Premia;
  let asha: ProfileId;

  beforeAll(async () => {
    premia = await openTestPremia(dir, { clock });
    const created = await premia.vault.profiles.create({ name: 'Asha', password: STRONG });
    await premia.vault.profiles.login(created.id, STRONG);
    asha = created.id;
  });
  afterAll(async () => {
    await premia?.close();
    cleanup();
  });

  it('raises an alert once per new match, again only after the match has ended', async () => {
    const store = premia.storage.agents;
    const agentId = await premia.agents.add(asha, {
      name: 'Dedupe',
      scan: { symbols: ['NIFTY'] },
      schedule: { kind: 'interval', minutes: 5 },
      rules: { minAnnualizedRomPct: 10 },
    });
    const run = async (matches: AlertMatch[] | null, carried: string[] = []) => {
      const agentRunId = await store.beginRun(asha, agentId, 'manual', NOW.toISOString());
      const outcome = await store.finishRun(asha, {
        agentId,
        agentRunId,
        at: NOW.toISOString(),
        status: matches === null ? 'failed' : 'completed',
        detail: null,
        optionsPassing: matches?.length ?? 0,
        matches,
        carriedKeys: carried,
        snapshot: null,
        keepSymbols: [],
        keepDetailedRuns: 3,
        keepSummaries: 100,
      });
      const raised = await store.alertsByIds(asha, outcome.alertIds);
      return raised.map((alert) => alert.tradingsymbol);
    };
    const [a, b] = [matchOf('A'), matchOf('B')];
    expect(await run([a, b])).toEqual(['A', 'B']);
    expect(await run([a, b])).toEqual([]);
    expect(await run(null)).toEqual([]); // a failed run changes nothing
    expect(await run([a, b])).toEqual([]);
    expect(await run([a])).toEqual([]); // B ended
    expect(await run([], ['rom-above:A'])).toEqual([]); // A not quoted: carried, not ended
    expect(await run([a, b])).toEqual(['B']); // B is a new match; A never ended
    // Newest first: the second B, then the first B and A (raised together, B after A).
    expect((await premia.agents.alerts(asha)).alerts.map((x) => x.tradingsymbol)).toEqual([
      'B',
      'B',
      'A',
    ]);
    // Reading marks them; unread counts what is left.
    const [newest] = (await premia.agents.alerts(asha)).alerts;
    expect(await premia.agents.markRead(asha, newest === undefined ? [] : [newest.id])).toBe(1);
    expect((await premia.agents.alerts(asha, { unreadOnly: true })).unread).toBe(2);
    expect(await premia.agents.markRead(asha, 'all')).toBe(2);
    expect((await premia.agents.alerts(asha)).unread).toBe(0);
    await premia.agents.remove(asha, agentId);
  });

  it('stores the dedupe key under a UNIQUE constraint', () => {
    const db = new Database(premia.storage.paths(asha).database, { readonly: true });
    try {
      const indexes = db.prepare("PRAGMA index_list('alerts')").all() as {
        name: string;
        unique: number;
      }[];
      const unique = indexes
        .filter((index) => index.unique === 1)
        .flatMap(
          (index) => db.prepare(`PRAGMA index_info('${index.name}')`).all() as { name: string }[],
        )
        .map((column) => column.name);
      expect(unique).toContain('dedupe_key');
    } finally {
      db.close();
    }
  });

  it('keeps the newest runs with their filtered rows and rolls up older ones', async () => {
    const agentId = await premia.agents.add(asha, {
      name: 'Rolling',
      scan: { symbols: ['NIFTY', 'BANKNIFTY'] },
      schedule: { kind: 'interval', minutes: 5 },
      rules: { minAnnualizedRomPct: 0 },
    });
    for (let i = 0; i < KEEP_DETAILED_RUNS + 2; i++) await premia.agents.runNow(asha, agentId);
    const runs = await premia.storage.agents.runs(asha, agentId, 100);
    expect(runs.map((r) => [r.status, r.rolledUp])).toEqual([
      ['completed', false],
      ['completed', false],
      ['completed', false],
      ['completed', true],
      ['completed', true],
    ]);
    const passing = runs[0]?.optionsPassing ?? 0;
    expect(passing).toBeGreaterThan(0);
    const report = await premia.agents.storageReport(asha);
    expect(report).toMatchObject({
      agentRuns: KEEP_DETAILED_RUNS + 2,
      agentRunsRolledUp: 2,
      scanRunsKept: KEEP_DETAILED_RUNS,
      // Only the filtered rows of the kept runs stay (the simulator's market is the same at
      // one instant, so each run passes the same count).
      optionRowsKept: KEEP_DETAILED_RUNS * passing,
    });
    // The workspace screen and `premia workspace usage` report the same.
    expect((await premia.workspace.usage(asha)).agents).toEqual(report);
    // The results screen's row count of a kept scan follows the pruning too.
    const keptScan = runs[0]?.runIds[0];
    if (keptScan === undefined) throw new Error('the newest agent run linked no scan');
    const total = async (filter: { passesFilters?: boolean }) =>
      (await premia.storage.queryResults(asha, { runId: keptScan, filter, limit: 1 })).total;
    expect(await total({})).toBe(passing);
    expect(await total({ passesFilters: false })).toBe(0);
    const rolledScan = runs[4]?.runIds[0];
    expect(rolledScan).toBeUndefined(); // the link went with the scan
    await premia.agents.remove(asha, agentId);
  });

  it('watches the open short options of the trade journal', async () => {
    // A put the simulator lists today, sold (per a Console tradebook) at a third of its bid.
    const scouting = await premia.scans.start(asha, { symbols: ['NIFTY'], expiry: 'nearest' });
    await scouting.done;
    const rows = await premia.storage.agents.optionRows(asha, scouting.runId, []);
    const put = rows.find((row) => row.optionType === 'PE' && (row.premium ?? 0) > 3);
    if (put === undefined) throw new Error('the simulated NIFTY chain has no priced put');
    const entry = Math.round(((put.premium ?? 0) / 3) * 100) / 100;
    const tradebook = [
      'symbol,isin,trade_date,exchange,segment,series,trade_type,auction,quantity,price,trade_id,order_id,order_execution_time,expiry_date',
      `${put.tradingsymbol},,2026-12-03,NSE,FO,,sell,false,75.000000,${entry},9001,8001,2026-12-03T09:20:00,${put.expiry}`,
    ].join('\n');
    const [report] = await premia.journal.importFiles(
      asha,
      [{ name: 'tradebook-AB1234-FO.csv', encoding: 'text', contents: tradebook }],
      false,
    );
    expect(report?.status).toBe('imported');

    const agentId = await premia.agents.add(asha, {
      name: 'Watch my shorts',
      schedule: { kind: 'times', times: ['09:30', '14:30'] },
      rules: { positionWatch: { premiumUpPct: 100 } },
    });
    const first = await premia.agents.runNow(asha, agentId);
    const raised = await premia.storage.agents.alertsByIds(asha, first.alertIds);
    expect(raised.map((a) => [a.kind, a.tradingsymbol])).toEqual([
      ['premium-up', put.tradingsymbol],
    ]);
    expect(raised[0]?.message).toContain(`from your entry ₹${entry.toFixed(2)}`);
    // The position scan keeps only the watched option's row.
    const [latest] = await premia.storage.agents.runs(asha, agentId, 1);
    const [positionScan] = latest?.runIds ?? [];
    if (positionScan === undefined) throw new Error('the agent run linked no scan');
    const kept = await premia.storage.agents.optionRows(asha, positionScan, []);
    expect(kept.map((row) => row.tradingsymbol)).toEqual([put.tradingsymbol]);
    const shown = await premia.storage.queryResults(asha, { runId: positionScan, limit: 10 });
    expect([shown.total, shown.rows.map((row) => row.tradingsymbol)]).toEqual([
      1,
      [put.tradingsymbol],
    ]);
    // Still up from entry at the next run: the same match, no second alert.
    expect((await premia.agents.runNow(asha, agentId)).alertIds).toEqual([]);
    await premia.agents.remove(asha, agentId);
  });
});
