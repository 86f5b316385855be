/**
 * The OS keychain as Premia uses it: one opaque (already sealed) blob per account under the
 * service "Premia". keytar can hang forever on a locked keyring, so every call has a timeout.
 */
export interface KeychainProbe {
  readonly available: boolean;
  readonly detail: string;
}

export interface Keychain {
  getSecret(account: string): Promise<string | null>;
  setSecret(account: string, secret: string): Promise<void>;
  deleteSecret(account: string): Promise<boolean>;
  probe(): Promise<KeychainProbe>;
}

export const KEYCHAIN_SERVICE = 'Premia';

export class KeychainUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeychainUnavailableError';
  }
}

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new KeychainUnavailableError(
          `The OS keychain did not answer within ${timeoutMs} ms (${what}). Is it locked?`,
        ),
      );
    }, timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        const reason = error instanceof Error ? error.message : String(error);
        reject(new KeychainUnavailableError(`The OS keychain refused ${what}: ${reason}`));
      },
    );
  });
}

export interface KeytarKeychainOptions {
  readonly service?: string;
  readonly timeoutMs?: number;
}

/** The real keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault on Windows). */
export function createKeytarKeychain(options: KeytarKeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let loaded: Promise<KeytarModule> | undefined;
  const keytar = (): Promise<KeytarModule> => {
    loaded ??= import('keytar').then(
      (module) => (module as unknown as { default: KeytarModule }).default,
      (error: unknown) => {
        loaded = undefined;
        const reason = error instanceof Error ? error.message : String(error);
        throw new KeychainUnavailableError(`keytar could not be loaded: ${reason}`);
      },
    );
    return loaded;
  };
  return {
    getSecret: async (account) =>
      withTimeout((await keytar()).getPassword(service, account), timeoutMs, 'a read'),
    setSecret: async (account, secret) =>
      withTimeout((await keytar()).setPassword(service, account, secret), timeoutMs, 'a write'),
    deleteSecret: async (account) =>
      withTimeout((await keytar()).deletePassword(service, account), timeoutMs, 'a delete'),
    async probe() {
      try {
        await withTimeout((await keytar()).findCredentials(service), timeoutMs, 'a lookup');
        return { available: true, detail: `OS keychain reachable (service "${service}")` };
      } catch (error) {
        return { available: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

/** A machine with no keychain at all (e.g. Linux without a Secret Service). Every call fails clearly. */
export function createUnavailableKeychain(reason: string): Keychain {
  const fail = (): Promise<never> => Promise.reject(new KeychainUnavailableError(reason));
  return {
    getSecret: fail,
    setSecret: fail,
    deleteSecret: fail,
    probe: () => Promise.resolve({ available: false, detail: reason }),
  };
}
