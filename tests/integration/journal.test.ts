import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import type { Premia } from '../../src-main/app/create-premia';
import type { ImportFile, ProfileId } from '../../src-preload/contract';
import { startFakeKite, type FakeKite } from '../fake-kite/server';
import { auditTrail, openTestPremia, STRONG, tempDataDir, value } from '../support/vault-fixtures';

const FIXTURES = join(import.meta.dirname, '../fixtures/journal');
const file = (name: string): ImportFile => ({
  name,
  encoding: 'text',
  contents: readFileSync(join(FIXTURES, name), 'utf8'),
});
const TOKEN = 'journaltoken0001';

describe('the trade journal on real storage', () => {
  const { dir, cleanup } = tempDataDir();
  // 20 Jan 2026, 10:30 IST: every NIFTY 13 Jan contract has expired.
  const clock = createManualClock(new Date('2026-01-20T05:00:00Z'));
  let premia: Premia;
  let kite: FakeKite;
  let asha: ProfileId;
  let bala: ProfileId;

  async function profile(name: string): Promise<ProfileId> {
    const created = await premia.vault.profiles.create({ name, password: STRONG });
    await premia.vault.profiles.login(created.id, STRONG);
    return created.id;
  }

  beforeAll(async () => {
    kite = await startFakeKite({ seed: 3, clock, accessTokens: [TOKEN], rateLimits: null });
    premia = await openTestPremia(dir, { clock });
    asha = await profile('Asha');
    bala = await profile('Bala');
  });
  afterAll(async () => {
    await premia?.close();
    await kite?.close();
    cleanup();
  });

  it('imports several files, de-duplicates overlaps, and refuses a malformed file whole', async () => {
    const reports = await premia.journal.importFiles(
      asha,
      [
        file('tradebook-ZR1234-FO.csv'),
        file('tradebook-ZR1234-FO (1).csv'),
        file('tradebook-ZR1234-EQ.csv'),
        file('tradebook-ZR1234-bad.csv'),
      ],
      false,
    );
    expect(reports.map((r) => [r.name, r.status, r.tradesAdded, r.duplicates])).toEqual([
      ['tradebook-ZR1234-FO.csv', 'imported', 7, 0],
      ['tradebook-ZR1234-FO (1).csv', 'imported', 2, 1],
      ['tradebook-ZR1234-EQ.csv', 'imported', 2, 0],
      ['tradebook-ZR1234-bad.csv', 'refused', 0, 0],
    ]);
    expect(reports[3]?.message).toContain('line 3, quantity: "ten" is not a number');
    // The bad file's valid first row was not stored either.
    const infy = await premia.journal.trades(asha, { underlying: 'INFY' }, 50, 0);
    expect(infy.trades.map((t) => t.tradeId).sort()).toEqual(['2001', '2002']);
    const again = await premia.journal.importFiles(asha, [file('tradebook-ZR1234-FO.csv')], false);
    expect(again[0]).toMatchObject({ tradesAdded: 0, duplicates: 7 });
    expect((await premia.journal.trades(asha, {}, 500, 0)).total).toBe(11);
    const audit = await auditTrail(premia, asha);
    expect(audit.filter((e) => e.action === 'trades-imported').map((e) => e.detail)).toEqual([
      '4 tradebook file(s): 11 new trades, 1 file(s) refused.',
      '1 tradebook file(s): 0 new trades, 0 file(s) refused.',
    ]);
  });

  it('holds expired options as awaiting settlement until the close is entered', async () => {
    const before = await premia.journal.summary(asha, {});
    expect(before.kiteUserId).toBe('ZR1234');
    const awaiting = before.positions.filter((p) => p.awaitingSettlement);
    expect(awaiting.map((p) => p.tradingsymbol)).toEqual([
      'NIFTY2611325500PE',
      'NIFTY2611326500CE',
    ]);
    // FIFO by hand (tests/unit/journal-fifo.test.ts) plus INFY: 4 × (1550.5 − 1500) = 202.
    expect(before.stats.grossPnl).toBeCloseTo(4050 + 3600 + 1125 - 600 + 202, 6);
    await premia.journal.setSettlement(asha, 'NIFTY', '2026-01-13', 25_400);
    const after = await premia.journal.summary(asha, {});
    expect(after.positions.map((p) => [p.tradingsymbol, p.quantity])).toEqual([['INFY', 6]]);
    expect(after.stats.grossPnl).toBeCloseTo(4050 + 3600 + 1125 - 600 + 202 - 3750 + 1500, 6);
    expect(after.stats.charges).toBeGreaterThan(0);
    expect(after.stats.netPnl).toBeCloseTo(after.stats.grossPnl - after.stats.charges, 6);
    expect(after.byExpiry.map((g) => g.key)).toEqual(['2026-01-13', '2026-01-27', '—']);
    await expect(premia.journal.setSettlement(asha, 'NIFTY', '2026-01-27', 25_000)).rejects.toThrow(
      'has not expired yet',
    );
  });

  it("keeps each profile's journal to itself and refuses another Kite account's file", async () => {
    expect((await premia.journal.trades(bala, {}, 50, 0)).total).toBe(0);
    expect((await premia.journal.summary(bala, {})).stats.trades).toBe(0);
    const own = await premia.journal.importFiles(bala, [file('tradebook-XY9876-EQ.csv')], false);
    expect(own[0]).toMatchObject({ status: 'imported', kiteUserId: 'XY9876', tradesAdded: 1 });
    const foreign = await premia.journal.importFiles(
      bala,
      [file('tradebook-ZR1234-EQ.csv')],
      false,
    );
    expect(foreign[0]?.status).toBe('refused');
    expect(foreign[0]?.message).toContain(
      "belongs to Kite account ZR1234, but this profile's journal belongs to XY9876",
    );
    expect((await premia.journal.trades(bala, {}, 50, 0)).total).toBe(1);
    expect((await premia.journal.trades(asha, {}, 500, 0)).total).toBe(11);
  });

  it("syncs today's Kite trades, orders and positions idempotently, and refuses another account", async () => {
    const carol = await profile('Carol');
    await premia.vault.credentials.set(carol, {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
    });
    // The renderer cannot change the API root; the CLI path (with the password) can.
    await premia.vault.credentials.setApiRoot(carol, STRONG, kite.url);
    await premia.vault.credentials.setAccessToken(carol, TOKEN);
    // Whoever the loopback server says the account is (its /user/profile).
    const { userId } = await premia.kite.testConnection(carol, AbortSignal.timeout(10_000));
    const first = await premia.journal.sync(carol, AbortSignal.timeout(10_000));
    expect(first).toEqual({
      source: 'kite',
      kiteUserId: userId,
      tradesRead: 6,
      tradesAdded: 6,
      orders: 3,
      positions: 3,
      settlements: [],
    });
    const second = await premia.journal.sync(carol, AbortSignal.timeout(10_000));
    expect(second.tradesAdded).toBe(0);
    expect(kite.requests.filter((r) => r.path === '/trades')).toHaveLength(2);
    const nifty = await premia.journal.trades(carol, { underlying: 'NIFTY' }, 50, 0);
    // Both fills of the tagged order carry its tag; the strike and weekly expiry come from the symbol.
    expect(nifty.trades.map((t) => [t.tradeId, t.tag, t.strike, t.expiry, t.side])).toEqual([
      ['60000002', 'weekly-cc', 24500, '2025-08-14', 'SELL'],
      ['60000001', 'weekly-cc', 24500, '2025-08-14', 'SELL'],
    ]);
    // The clock says 2026, so the Aug 2025 call has expired; no scan or trader price settles it.
    const summary = await premia.journal.summary(carol, {});
    const call = summary.positions.find((p) => p.tradingsymbol === 'NIFTY2581424500CE');
    expect(call).toMatchObject({ quantity: -150, averagePrice: 41.6, awaitingSettlement: true });
    const gold = summary.positions.find((p) => p.tradingsymbol === 'GOLDPETAL21JUNFUT');
    expect(gold).toMatchObject({ quantity: 2, awaitingSettlement: true });
    const audit = await auditTrail(premia, carol);
    expect(audit.filter((e) => e.action === 'trades-synced')).toHaveLength(2);
    // Asha's journal belongs to ZR1234: a token for another account is refused, nothing stored.
    await premia.vault.credentials.set(asha, {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
    });
    // The renderer cannot change the API root; the CLI path (with the password) can.
    await premia.vault.credentials.setApiRoot(asha, STRONG, kite.url);
    await premia.vault.credentials.setAccessToken(asha, TOKEN);
    await expect(premia.journal.sync(asha, AbortSignal.timeout(10_000))).rejects.toThrow(
      `Kite sync belongs to Kite account ${userId}, but this profile's journal belongs to ZR1234`,
    );
    expect((await premia.journal.trades(asha, {}, 500, 0)).total).toBe(11);
  });

  it('marks an open short to the latest position snapshot', async () => {
    clock.set(new Date('2025-08-07T08:00:00Z')); // back to the fixtures' trading day
    const dora = await profile('Dora');
    await premia.vault.credentials.set(dora, {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
    });
    // The renderer cannot change the API root; the CLI path (with the password) can.
    await premia.vault.credentials.setApiRoot(dora, STRONG, kite.url);
    await premia.vault.credentials.setAccessToken(dora, TOKEN);
    await premia.journal.sync(dora, AbortSignal.timeout(10_000));
    const summary = await premia.journal.summary(dora, {});
    const call = summary.positions.find((p) => p.tradingsymbol === 'NIFTY2581424500CE');
    // Kite's last price 38.2 against the 41.6 average of 150 units short: +510.
    expect(call).toMatchObject({ awaitingSettlement: false, markPrice: 38.2 });
    expect(call?.unrealizedPnl).toBeCloseTo(510, 6);
  });

  it('syncs in the background after a Kite login stores a fresh token', async () => {
    const esha = await profile('Esha');
    await premia.vault.credentials.set(esha, {
      apiKey: kite.apiKey,
      apiSecret: kite.apiSecret,
    });
    // The renderer cannot change the API root; the CLI path (with the password) can.
    await premia.vault.credentials.setApiRoot(esha, STRONG, kite.url);
    const account = await premia.kite.exchangeRequestToken(
      esha,
      kite.issueRequestToken(),
      AbortSignal.timeout(10_000),
    );
    expect(account.source).toBe('kite');
    // The sync runs after the login has answered; its audit entry is written last.
    const syncedEntries = async () =>
      (await auditTrail(premia, esha)).filter((e) => e.action === 'trades-synced');
    for (let waited = 0; waited < 10_000; waited += 50) {
      if ((await syncedEntries()).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await premia.journal.trades(esha, {}, 10, 0)).total).toBe(6);
    const synced = await syncedEntries();
    expect(synced.map((e) => e.outcome)).toEqual(['success']);
  });

  it('imports through the IPC contract for the signed-in window profile only', async () => {
    await value(premia, 'session.login', { profileId: bala, password: STRONG });
    const reports = await value<{ status: string; tradesAdded: number }[]>(
      premia,
      'journal.import',
      {
        files: [file('tradebook-XY9876-EQ.csv')],
        preview: true,
      },
    );
    expect(reports).toEqual([expect.objectContaining({ status: 'preview', tradesAdded: 0 })]);
    const page = await value<{ total: number }>(premia, 'journal.trades', {});
    expect(page.total).toBe(1); // Bala's one trade, never Asha's eleven
  });

  it("settles a contract that expired open today at the underlying's close from Kite's quote", async () => {
    const farah = await profile('Farah');
    await premia.vault.credentials.set(farah, { apiKey: kite.apiKey, apiSecret: kite.apiSecret });
    await premia.vault.credentials.setApiRoot(farah, STRONG, kite.url);
    // Thursday 14 Aug 2025, 14:30 IST: the sold NIFTY 24500 CE expires today but trades on.
    clock.set(new Date('2025-08-14T09:00:00Z'));
    await premia.vault.credentials.setAccessToken(farah, TOKEN);
    const quotes = () => kite.requests.filter((r) => r.path === '/quote').length;
    const before = quotes();
    expect((await premia.journal.sync(farah, AbortSignal.timeout(10_000))).settlements).toEqual([]);
    expect(quotes()).toBe(before);
    // 16:15 IST: the market has closed; NIFTY 50's last price is the expiry day's close.
    clock.set(new Date('2025-08-14T10:45:00Z'));
    const close = kite.market.quote('NSE:NIFTY 50', clock.now())?.last_price ?? Number.NaN;
    expect(close).toBeGreaterThan(0);
    const report = await premia.journal.sync(farah, AbortSignal.timeout(10_000));
    expect(report.settlements).toEqual([
      { underlying: 'NIFTY', expiry: '2025-08-14', closePrice: close },
    ]);
    const summary = await premia.journal.summary(farah, {});
    expect(summary.positions.map((p) => p.tradingsymbol)).not.toContain('NIFTY2581424500CE');
    // Sold 75 @ 41.5 and 75 @ 41.7; each unit settles at its intrinsic value max(0, close − 24500).
    const intrinsic = Math.max(0, close - 24_500);
    const expiry = summary.byExpiry.find((g) => g.key === '2025-08-14');
    expect(expiry?.grossPnl).toBeCloseTo((41.5 - intrinsic) * 75 + (41.7 - intrinsic) * 75, 6);
    // Settled once: the next sync asks for no quote.
    const again = await premia.journal.sync(farah, AbortSignal.timeout(10_000));
    expect(again.settlements).toEqual([]);
    expect(quotes()).toBe(before + 1);
  });
});
