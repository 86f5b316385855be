import { createHash } from 'node:crypto';
import type { ProfileId } from '../../src-preload/contract';
import type { Broker } from '../market/broker';
import { BrokerError, tokenExpiredError } from '../market/errors';
import { KiteBroker, type InstrumentParser } from '../market/kite-broker';
import type { RateLimiterRegistry } from '../market/rate-limiter';
import type { MarketSimulator } from '../market/simulator/market-simulator';
import { SimulatorBroker } from '../market/simulator-broker';
import type { BrokerCredentials } from '../vault/broker-credentials';
import type { Clock } from './clock';
import type { Logger } from './logger';

export interface BrokerDirectoryDeps {
  readonly credentials: (profileId: ProfileId) => Promise<BrokerCredentials | null>;
  readonly markTokenExpired: (profileId: ProfileId) => Promise<void>;
  /**
   * The built-in market, made on first use: building it parses and checks the reference data
   * (~5 ms), which a command that never scans (runs list, trades list) should not pay.
   */
  readonly simulator: () => MarketSimulator;
  readonly limiters: RateLimiterRegistry;
  readonly parseInstruments: InstrumentParser;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Which market a profile scans: the built-in simulator while it has no Kite credentials, Kite
 * once it has. A profile keeps one KiteBroker while its credentials stay the same, so its circuit
 * breaker remembers failures across scans; every KiteBroker shares the app's limiter registry.
 */
export class BrokerDirectory {
  private readonly kite = new Map<
    ProfileId,
    { readonly fingerprint: string; readonly broker: KiteBroker }
  >();
  private simulatorBroker: SimulatorBroker | null = null;

  constructor(private readonly deps: BrokerDirectoryDeps) {}

  private simulated(): SimulatorBroker {
    this.simulatorBroker ??= new SimulatorBroker({
      simulator: this.deps.simulator(),
      clock: this.deps.clock,
    });
    return this.simulatorBroker;
  }

  async brokerFor(profileId: ProfileId): Promise<Broker> {
    const credentials = await this.deps.credentials(profileId);
    if (credentials === null) {
      this.kite.delete(profileId);
      return this.simulated();
    }
    if (credentials.accessToken === null || credentials.token.status === 'missing') {
      throw new BrokerError(
        'token-expired',
        'This profile has a Kite API key but no access token. Log in with Kite (or paste an access token) first.',
      );
    }
    if (credentials.token.status === 'expired') throw tokenExpiredError();
    const fingerprint = createHash('sha256')
      .update(`${credentials.apiKey}\0${credentials.accessToken}\0${credentials.apiRoot}`)
      .digest('hex');
    const known = this.kite.get(profileId);
    if (known?.fingerprint === fingerprint) return known.broker;
    const broker = new KiteBroker({
      profileId,
      credentials: {
        apiKey: credentials.apiKey,
        apiSecret: credentials.apiSecret,
        accessToken: credentials.accessToken,
      },
      limiters: this.deps.limiters,
      tokenStore: { markExpired: (id) => this.deps.markTokenExpired(id) },
      clock: this.deps.clock,
      apiRoot: credentials.apiRoot,
      logger: this.deps.logger,
      parseInstruments: this.deps.parseInstruments,
    });
    this.kite.set(profileId, { fingerprint, broker });
    return broker;
  }

  /**
   * A Kite client for the login exchange: API key and secret, no access token yet. It is not
   * kept: the next brokerFor() builds the profile's broker with the new token.
   */
  async loginBroker(
    profileId: ProfileId,
  ): Promise<{ readonly broker: KiteBroker; readonly apiKey: string }> {
    const credentials = await this.deps.credentials(profileId);
    if (credentials === null) {
      throw new BrokerError('input', "Save this profile's Kite API key and secret first.");
    }
    const broker = new KiteBroker({
      profileId,
      credentials: {
        apiKey: credentials.apiKey,
        apiSecret: credentials.apiSecret,
        accessToken: null,
      },
      limiters: this.deps.limiters,
      tokenStore: { markExpired: (id) => this.deps.markTokenExpired(id) },
      clock: this.deps.clock,
      apiRoot: credentials.apiRoot,
      logger: this.deps.logger,
      parseInstruments: this.deps.parseInstruments,
    });
    return { broker, apiKey: credentials.apiKey };
  }

  /**
   * A locked, signed-out or deleted profile's broker (its key, secret and token, and its breaker
   * state) is dropped. A scan already running keeps its own reference and finishes with it; the
   * next scan after unlocking builds a new broker from the vault.
   */
  forget(profileId: ProfileId): void {
    this.kite.delete(profileId);
  }

  /** Profiles whose Kite broker (and so plaintext credentials) is cached here. */
  cachedProfiles(): ProfileId[] {
    return [...this.kite.keys()];
  }
}
