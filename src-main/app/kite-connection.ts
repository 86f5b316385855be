import type { ProfileId } from '../../src-preload/contract';
import type { KiteAccount } from '../../src-preload/contract/domains/kite';
import { UserFacingError } from '../domain/errors';
import type { Broker } from '../market/broker';
import { completeKiteLogin, parseRequestToken, startKiteLoginListener } from '../market/kite-login';
import type { Vault } from '../vault/vault';
import type { BrokerDirectory } from './brokers';
import type { Logger } from './logger';

export interface KiteConnectionDeps {
  readonly vault: Pick<Vault, 'credentials'>;
  readonly brokers: BrokerDirectory;
  /** Opens a URL in the system browser (Electron's shell.openExternal; the CLI prints it). */
  readonly openExternal: (url: string) => Promise<void>;
  readonly logger: Logger;
  /** Where Kite's login page lives; tests point it at a loopback page. */
  readonly loginRoot?: string;
  readonly loginTimeoutMs?: number;
  /** Runs once a login stored a fresh token (the journal pulls today's trades). */
  readonly afterLogin?: (profileId: ProfileId) => void;
}

/**
 * Connects a profile to Kite without ever touching the Kite password or TOTP: the trader logs in
 * on Kite's own page; Premia exchanges the request_token it is handed and keeps the access token
 * sealed in the vault.
 */
export class KiteConnection {
  constructor(private readonly deps: KiteConnectionDeps) {}

  async login(profileId: ProfileId, port: number, signal: AbortSignal): Promise<KiteAccount> {
    const { broker, apiKey } = await this.deps.brokers.loginBroker(profileId);
    const listener = await startKiteLoginListener({
      port,
      timeoutMs: this.deps.loginTimeoutMs ?? 180_000,
      signal,
    });
    try {
      await this.deps.openExternal(listener.loginUrl(apiKey, this.deps.loginRoot));
      const session = await completeKiteLogin(listener, broker, signal);
      return await this.store(profileId, session.accessToken, signal);
    } finally {
      await listener.close();
    }
  }

  async exchangeRequestToken(
    profileId: ProfileId,
    pasted: string,
    signal: AbortSignal,
  ): Promise<KiteAccount> {
    const requestToken = parseRequestToken(pasted);
    if (requestToken === null) {
      throw new UserFacingError(
        'BAD_INPUT',
        'Paste the request_token, or the whole address Kite redirected you to.',
      );
    }
    const { broker } = await this.deps.brokers.loginBroker(profileId);
    const session = await broker.exchangeToken(requestToken, signal);
    return this.store(profileId, session.accessToken, signal);
  }

  async testConnection(profileId: ProfileId, signal: AbortSignal): Promise<KiteAccount> {
    return this.account(await this.deps.brokers.brokerFor(profileId), signal);
  }

  private async store(
    profileId: ProfileId,
    accessToken: string,
    signal: AbortSignal,
  ): Promise<KiteAccount> {
    await this.deps.vault.credentials.setAccessToken(profileId, accessToken);
    const account = await this.account(await this.deps.brokers.brokerFor(profileId), signal);
    this.deps.afterLogin?.(profileId);
    return account;
  }

  private async account(broker: Broker, signal: AbortSignal): Promise<KiteAccount> {
    const profile = await broker.profile(signal);
    return {
      source: broker.kind,
      userId: profile.userId,
      userName: profile.userName,
      exchanges: profile.exchanges,
    };
  }
}
