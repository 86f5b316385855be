import type { ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Broker } from './broker';
import { isoFromDayNumber, istDayNumber } from './dates';
import { BrokerError } from './errors';
import { InstrumentTable, type InstrumentColumns } from './instruments';

/** The profile database's copy of a day's list (Kite's dump is large and changes once a day). */
export interface InstrumentStore {
  has(profileId: ProfileId, tradingDay: string): Promise<boolean>;
  /** The day's list as columns (a cursor fills them: no array of 100k row objects). */
  load(profileId: ProfileId, tradingDay: string): Promise<InstrumentColumns>;
  save(profileId: ProfileId, tradingDay: string, columns: InstrumentColumns): Promise<void>;
}

export interface InstrumentCacheDeps {
  readonly clock: Clock;
  readonly store: InstrumentStore;
}

export interface LoadedInstruments {
  readonly table: InstrumentTable;
  /** Broker requests this caller caused: 1 for the caller that started a download, else 0. */
  readonly calls: number;
  readonly tradingDay: string;
}

interface Flight {
  readonly promise: Promise<{ table: InstrumentTable; downloaded: boolean }>;
  readonly controller: AbortController;
  waiters: number;
  settled: boolean;
}

/** Waits for `promise`, or rejects as soon as this caller's own signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new BrokerError('cancelled', 'Cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new BrokerError('cancelled', 'Cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The day's instrument list per profile, from three levels: memory, then the profile database
 * (Kite only), then the broker. Concurrent callers for the same profile and day share one load:
 * two scans started together cause one download, and the download stops only when every caller
 * waiting for it has given up.
 */
export class InstrumentCache {
  private readonly memory = new Map<
    ProfileId,
    { readonly day: string; readonly source: Broker['kind']; readonly table: InstrumentTable }
  >();
  private readonly flights = new Map<string, Flight>();

  constructor(private readonly deps: InstrumentCacheDeps) {}

  tradingDay(): string {
    return isoFromDayNumber(istDayNumber(this.deps.clock.now()));
  }

  /** The list for today; `refresh` downloads it again (a listing changed intraday). */
  async load(
    profileId: ProfileId,
    broker: Broker,
    signal: AbortSignal,
    options: { readonly refresh?: boolean } = {},
  ): Promise<LoadedInstruments> {
    const day = this.tradingDay();
    const refresh = options.refresh === true;
    const cached = this.memory.get(profileId);
    if (!refresh && cached?.day === day && cached.source === broker.kind)
      return { table: cached.table, calls: 0, tradingDay: day };
    const key = `${profileId}|${day}|${broker.kind}|${refresh ? 'refresh' : 'load'}`;
    let flight = this.flights.get(key);
    const started = flight === undefined;
    if (flight === undefined) {
      const controller = new AbortController();
      const promise = this.fetch(profileId, broker, day, refresh, controller.signal);
      const created: Flight = { promise, controller, waiters: 0, settled: false };
      this.flights.set(key, created);
      const land = (): void => {
        created.settled = true;
        if (this.flights.get(key) === created) this.flights.delete(key);
      };
      promise.then(land, land);
      flight = created;
    }
    flight.waiters += 1;
    const joined = flight;
    try {
      const { table, downloaded } = await untilAborted(joined.promise, signal);
      return { table, calls: started && downloaded ? 1 : 0, tradingDay: day };
    } finally {
      joined.waiters -= 1;
      // Nobody waits any more (every scan was cancelled): stop the download too.
      if (joined.waiters === 0 && !joined.settled) {
        // A later caller starts afresh rather than joining a download being torn down.
        if (this.flights.get(key) === joined) this.flights.delete(key);
        joined.controller.abort(new Error('no scan waits for it'));
      }
    }
  }

  /** Drops a profile's list from memory (sign-out, profile deleted). */
  forget(profileId: ProfileId): void {
    this.memory.delete(profileId);
  }

  private async fetch(
    profileId: ProfileId,
    broker: Broker,
    day: string,
    refresh: boolean,
    signal: AbortSignal,
  ): Promise<{ table: InstrumentTable; downloaded: boolean }> {
    let table: InstrumentTable | null = null;
    let downloaded = false;
    if (!refresh && broker.kind === 'kite' && (await this.deps.store.has(profileId, day))) {
      table = new InstrumentTable(await this.deps.store.load(profileId, day));
    }
    if (table === null) {
      table = await broker.instruments({}, signal);
      downloaded = true;
      // Kite's dump is large and changes once a day: keep it offline for the rest of the day.
      if (broker.kind === 'kite') await this.deps.store.save(profileId, day, table.columns);
    }
    this.memory.set(profileId, { day, source: broker.kind, table });
    return { table, downloaded };
  }
}
