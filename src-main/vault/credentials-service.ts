import { ZodError, type z } from 'zod';
import {
  AccessTokenInputSchema,
  ApiKeyInputSchema,
  DEFAULT_KITE_API_ROOT,
  ApiSecretInputSchema,
  type CredentialsView,
  type KeychainMode,
  type ProfileId,
} from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import { UserFacingError } from '../domain/errors';
import type { AuditLog } from './audit';
import {
  EMPTY_CREDENTIALS,
  StoredCredentialsSchema,
  credentialsView,
  isAllowedApiRoot,
  maskSecret,
  normalizeApiRoot,
  tokenExpiryFor,
  tokenStatusOf,
  type BrokerCredentials,
  type StoredCredentials,
} from './broker-credentials';
import { open, seal, SealError } from './crypto';
import type { CredentialLocker } from './credential-locker';
import { KeyedQueue } from './keyed-queue';
import type { PasswordGate } from './password-gate';
import type { Registry } from './registry';
import type { SessionManager } from './session-manager';

/** What the renderer may change. The API root is not here: see setApiRoot. */
export interface CredentialChanges {
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

export interface CredentialsServiceDeps {
  readonly registry: Registry;
  readonly locker: CredentialLocker;
  readonly gate: PasswordGate;
  readonly sessions: SessionManager;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

function checked(schema: z.ZodType<string>, value: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UserFacingError(
      'BAD_INPUT',
      parsed.error.issues[0]?.message ?? 'That value is not valid.',
    );
  }
  return parsed.data;
}

/** The contract checks renderer input; the CLI and other callers come through here too. */
function checkedChanges(changes: CredentialChanges): CredentialChanges {
  return {
    apiKey: changes.apiKey === undefined ? undefined : checked(ApiKeyInputSchema, changes.apiKey),
    apiSecret:
      changes.apiSecret === undefined
        ? undefined
        : checked(ApiSecretInputSchema, changes.apiSecret),
  };
}

function where(mode: KeychainMode): string {
  return mode === 'os' ? 'the OS keychain' : 'the registry (no OS keychain available)';
}

/**
 * A profile's Kite credentials: opened with the data key of an unlocked session, changed, sealed
 * again under a fresh IV, handed back masked. Plaintext exists only inside one call.
 */
export class CredentialsService {
  private readonly queue = new KeyedQueue<ProfileId>();

  constructor(private readonly deps: CredentialsServiceDeps) {}

  /** A private copy of the data key: a lock during an await zeroes the session's key, not this. */
  private withDataKey<T>(profileId: ProfileId, work: (dataKey: Buffer) => Promise<T>): Promise<T> {
    return this.queue.run(profileId, async () => {
      const dataKey = Buffer.from(this.deps.sessions.dataKey(profileId));
      try {
        return await work(dataKey);
      } finally {
        dataKey.fill(0);
      }
    });
  }

  private async read(profileId: ProfileId, dataKey: Buffer): Promise<StoredCredentials | null> {
    const sealed = await this.deps.locker.load(profileId);
    if (sealed === null) return null;
    let plaintext: Buffer | undefined;
    try {
      plaintext = open(dataKey, sealed, profileId);
      return StoredCredentialsSchema.parse(JSON.parse(plaintext.toString('utf8')));
    } catch (error) {
      const damaged =
        error instanceof SealError || error instanceof SyntaxError || error instanceof ZodError;
      if (!damaged) throw error;
      throw new UserFacingError(
        'STORAGE_CORRUPT',
        'The saved Kite credentials of this profile are damaged or were altered, so Premia will not use them. Clear them and enter them again.',
      );
    } finally {
      plaintext?.fill(0);
    }
  }

  private async write(
    profileId: ProfileId,
    dataKey: Buffer,
    credentials: StoredCredentials,
  ): Promise<KeychainMode> {
    const plaintext = Buffer.from(JSON.stringify(credentials), 'utf8');
    try {
      return await this.deps.locker.save(profileId, seal(dataKey, plaintext, profileId));
    } finally {
      plaintext.fill(0);
    }
  }

  private view(profileId: ProfileId, stored: StoredCredentials | null): CredentialsView {
    const profile = this.deps.registry.requireProfile(profileId);
    return credentialsView(
      stored,
      profile.credentialsIn,
      profile.tokenMarkedExpiredAt,
      this.deps.clock.now(),
    );
  }

  get(profileId: ProfileId): Promise<CredentialsView> {
    return this.withDataKey(profileId, async (dataKey) =>
      this.view(profileId, await this.read(profileId, dataKey)),
    );
  }

  set(profileId: ProfileId, rawChanges: CredentialChanges): Promise<CredentialsView> {
    const changes = checkedChanges(rawChanges);
    if (Object.values(changes).every((value) => value === undefined)) {
      // Saving nothing would still be audited as a change: refuse it instead.
      throw new UserFacingError(
        'BAD_INPUT',
        'Nothing to save: enter a new API key, API secret or API root first.',
      );
    }
    return this.withDataKey(profileId, async (dataKey) => {
      const current = (await this.read(profileId, dataKey)) ?? EMPTY_CREDENTIALS;
      const keyChanged = changes.apiKey !== undefined && changes.apiKey !== current.apiKey;
      // A Kite access token belongs to the API key it was made with.
      const next: StoredCredentials = {
        ...current,
        apiKey: changes.apiKey ?? current.apiKey,
        apiSecret: changes.apiSecret ?? current.apiSecret,
        ...(keyChanged ? { accessToken: null, tokenSetAt: null, tokenExpiresAt: null } : {}),
      };
      const mode = await this.write(profileId, dataKey, next);
      const parts = [
        changes.apiKey === undefined ? null : `API key ${maskSecret(changes.apiKey) ?? ''}`,
        changes.apiSecret === undefined ? null : 'API secret',
      ].filter((part) => part !== null);
      await this.deps.audit.record(profileId, {
        action: 'credentials-set',
        outcome: 'success',
        detail: `Saved ${parts.length === 0 ? 'nothing new' : parts.join(', ')} in ${where(mode)}.${keyChanged && current.accessToken !== null ? ' The old access token was dropped.' : ''}`,
      });
      return this.view(profileId, next);
    });
  }

  /**
   * Points the profile at another Kite API root (a loopback server for testing, or back to Kite).
   * Not in the renderer's contract: only the CLI calls it, with the profile's password checked
   * here again (throttled like a login). The saved access token is dropped, so a token issued for
   * one server is never sent to another.
   */
  async setApiRoot(
    profileId: ProfileId,
    password: string,
    rawApiRoot: string,
  ): Promise<CredentialsView> {
    const apiRoot = normalizeApiRoot(rawApiRoot);
    const confirmed = await this.deps.gate.unwrap(profileId, password, 'credentials-set');
    confirmed.fill(0);
    return this.withDataKey(profileId, async (dataKey) => {
      const current = (await this.read(profileId, dataKey)) ?? EMPTY_CREDENTIALS;
      const next: StoredCredentials = {
        ...current,
        apiRoot,
        accessToken: null,
        tokenSetAt: null,
        tokenExpiresAt: null,
      };
      const mode = await this.write(profileId, dataKey, next);
      await this.deps.audit.record(profileId, {
        action: 'credentials-set',
        outcome: 'success',
        detail: `Kite API root changed from ${current.apiRoot} to ${apiRoot} in ${where(mode)}.${current.accessToken === null ? '' : ' The saved access token was dropped.'}`,
      });
      return this.view(profileId, next);
    });
  }

  setAccessToken(
    profileId: ProfileId,
    rawAccessToken: string,
    setAt?: Date,
  ): Promise<CredentialsView> {
    const accessToken = checked(AccessTokenInputSchema, rawAccessToken);
    return this.withDataKey(profileId, async (dataKey) => {
      const current = (await this.read(profileId, dataKey)) ?? EMPTY_CREDENTIALS;
      const at = setAt ?? this.deps.clock.now();
      const next: StoredCredentials = {
        ...current,
        accessToken,
        tokenSetAt: at.toISOString(),
        tokenExpiresAt: tokenExpiryFor(at).toISOString(),
      };
      const mode = await this.write(profileId, dataKey, next);
      this.deps.registry.updateProfile(profileId, (profile) => ({
        ...profile,
        tokenMarkedExpiredAt: null,
      }));
      await this.deps.audit.record(profileId, {
        action: 'token-set',
        outcome: 'success',
        detail: `Access token ${maskSecret(accessToken) ?? ''} saved in ${where(mode)}, valid until ${next.tokenExpiresAt ?? '?'}.`,
      });
      return this.view(profileId, next);
    });
  }

  /** The legacy file's values in one sealed write: either all of them are saved or none. */
  importLegacy(
    profileId: ProfileId,
    legacy: { apiKey: string; apiSecret: string | null; accessToken: string | null },
    tokenSetAt: Date,
    source: string,
  ): Promise<CredentialsView> {
    return this.withDataKey(profileId, async (dataKey) => {
      const current = (await this.read(profileId, dataKey)) ?? EMPTY_CREDENTIALS;
      const hasToken = legacy.accessToken !== null;
      const next: StoredCredentials = {
        ...current,
        apiKey: legacy.apiKey,
        apiSecret:
          legacy.apiSecret ?? (legacy.apiKey === current.apiKey ? current.apiSecret : null),
        accessToken: legacy.accessToken,
        tokenSetAt: hasToken ? tokenSetAt.toISOString() : null,
        tokenExpiresAt: hasToken ? tokenExpiryFor(tokenSetAt).toISOString() : null,
      };
      const mode = await this.write(profileId, dataKey, next);
      this.deps.registry.updateProfile(profileId, (profile) => ({
        ...profile,
        tokenMarkedExpiredAt: null,
      }));
      await this.deps.audit.record(profileId, {
        action: 'credentials-imported',
        outcome: 'success',
        detail: `Imported API key ${maskSecret(legacy.apiKey) ?? ''}${legacy.apiSecret === null ? '' : ', API secret'}${hasToken ? ', access token' : ''} from ${source} into ${where(mode)}.`,
      });
      return this.view(profileId, next);
    });
  }

  clear(profileId: ProfileId): Promise<CredentialsView> {
    return this.withDataKey(profileId, async () => {
      const { keychainEntryLeft } = await this.deps.locker.remove(profileId);
      await this.deps.audit.record(profileId, {
        action: 'credentials-cleared',
        outcome: 'success',
        detail: keychainEntryLeft
          ? 'Cleared; the OS keychain did not answer, so an unreadable sealed entry is left there.'
          : 'Cleared the saved Kite credentials.',
      });
      return this.view(profileId, null);
    });
  }

  /** Plaintext credentials for the Kite client (main process only); null means "use the simulator". */
  brokerCredentials(profileId: ProfileId): Promise<BrokerCredentials | null> {
    return this.withDataKey(profileId, async (dataKey) => {
      const stored = await this.read(profileId, dataKey);
      if (stored?.apiKey == null) return null;
      // A blob saved before roots were restricted may still name another host: never use it.
      if (!isAllowedApiRoot(stored.apiRoot)) {
        throw new UserFacingError(
          'BAD_INPUT',
          `This profile's saved Kite API root (${stored.apiRoot}) is not Kite's, so Premia will not send the token there. Reset it with: premia credentials set-api-root ${DEFAULT_KITE_API_ROOT} --profile NAME`,
        );
      }
      const profile = this.deps.registry.requireProfile(profileId);
      return {
        apiKey: stored.apiKey,
        apiSecret: stored.apiSecret,
        accessToken: stored.accessToken,
        tokenSetAt: stored.tokenSetAt,
        tokenExpiresAt: stored.tokenExpiresAt,
        apiRoot: stored.apiRoot,
        token: tokenStatusOf(stored, profile.tokenMarkedExpiredAt, this.deps.clock.now()),
      };
    });
  }

  /**
   * Re-seals the saved credentials under `newKey` and then runs `commit` (which makes `newKey`
   * the profile's data key), all in this profile's queue so no concurrent change seals under the
   * old key meanwhile. If `commit` fails, the blob sealed under the old key is put back.
   */
  rotate(
    profileId: ProfileId,
    oldKey: Buffer,
    newKey: Buffer,
    commit: () => Promise<void>,
  ): Promise<void> {
    return this.queue.run(profileId, async () => {
      const sealed = await this.deps.locker.load(profileId);
      if (sealed !== null) {
        let plaintext: Buffer | undefined;
        try {
          plaintext = open(oldKey, sealed, profileId);
          await this.deps.locker.save(profileId, seal(newKey, plaintext, profileId));
        } catch (error) {
          if (!(error instanceof SealError)) throw error;
          throw new UserFacingError(
            'STORAGE_CORRUPT',
            'The saved Kite credentials of this profile are damaged, so they could not be re-sealed. Clear them first, then change the password.',
          );
        } finally {
          plaintext?.fill(0);
        }
      }
      try {
        await commit();
      } catch (error) {
        if (sealed !== null) await this.deps.locker.save(profileId, sealed);
        throw error;
      }
    });
  }

  /** Kite refused the token: remembered outside the seal, so it works while the profile is locked. */
  async markTokenExpired(profileId: ProfileId): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    const profile = this.deps.registry.updateProfile(profileId, (current) => ({
      ...current,
      tokenMarkedExpiredAt: current.tokenMarkedExpiredAt ?? at,
    }));
    if (profile.tokenMarkedExpiredAt === at) {
      await this.deps.audit.record(profileId, {
        action: 'token-expired',
        outcome: 'success',
        detail: 'Kite refused the access token; a new one is needed.',
      });
    }
  }
}
