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

/** Loads the keytar module; tests inject one that fails as a machine without keytar would. */
export type KeytarLoader = () => Promise<unknown>;

export interface KeytarKeychainOptions {
  readonly service?: string;
  readonly timeoutMs?: number;
  readonly loadKeytar?: KeytarLoader;
}

/**
 * keytar is an optional dependency: where libsecret's headers are missing its build fails and npm
 * leaves it out. The specifier is a variable so that neither the type-checker nor the bundler
 * insists on the module being there; it is resolved at run time, when the keychain is first used.
 */
const KEYTAR = 'keytar';
const loadInstalledKeytar: KeytarLoader = () => import(/* @vite-ignore */ KEYTAR);

export const KEYTAR_MISSING =
  'the keychain module (keytar) is not installed on this machine: it is optional and npm leaves it out where it cannot be built (on Debian/Ubuntu install libsecret-1-dev, then run npm install again)';

/** A module (or its compiled .node file) that is not there at all, as opposed to one that fails to load. */
export function isModuleMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function asKeytar(module: unknown): KeytarModule {
  const candidate = (module as { default?: unknown } | null)?.default ?? module;
  if (typeof (candidate as Partial<KeytarModule> | null)?.getPassword !== 'function') {
    throw new Error('the module does not look like keytar (no getPassword)');
  }
  return candidate as KeytarModule;
}

/** The real keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault on Windows). */
export function createKeytarKeychain(options: KeytarKeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const load = options.loadKeytar ?? loadInstalledKeytar;
  let loaded: Promise<KeytarModule> | undefined;
  const keytar = (): Promise<KeytarModule> => {
    loaded ??= load()
      .then(asKeytar)
      .catch((error: unknown) => {
        loaded = undefined;
        if (isModuleMissing(error)) throw new KeychainUnavailableError(KEYTAR_MISSING);
        const reason = error instanceof Error ? error.message : String(error);
        throw new KeychainUnavailableError(`keytar could not be loaded: ${reason}`);
      });
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
