/**
 * "Log in with Kite": Premia opens Kite's login page in the system browser; the trader types
 * the password and TOTP on Kite's own page (Premia never sees or automates them); Kite redirects
 * to the app's registered redirect URL, which points at this one-use loopback listener.
 */
import { randomBytes } from 'node:crypto';
// node:http is imported when a login starts: importing it as an ES module loads Node's whole
// HTTP client (undici) at start-up, ~35 ms of every command that never logs in.
import type { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Broker, KiteSession } from './broker';
import { BrokerError, cancelledError } from './errors';

export const KITE_LOGIN_ROOT = 'https://kite.zerodha.com';
export const KITE_CALLBACK_PATH = '/kite/callback';
const TOKEN_PATTERN = /^[A-Za-z0-9]{6,64}$/;

/**
 * Kite's login URL. Kite passes `redirect_params` back on the redirect, which is how the state
 * parameter survives the round trip.
 */
export function kiteLoginUrl(apiKey: string, state: string, loginRoot = KITE_LOGIN_ROOT): string {
  const url = new URL('/connect/login', loginRoot);
  url.searchParams.set('v', '3');
  url.searchParams.set('api_key', apiKey);
  url.searchParams.set('redirect_params', new URLSearchParams({ state }).toString());
  return url.toString();
}

/** A request_token from what the trader pasted: the token itself or the whole redirect URL. */
export function parseRequestToken(pasted: string): string | null {
  const text = pasted.trim();
  if (TOKEN_PATTERN.test(text)) return text;
  try {
    const token = new URL(text).searchParams.get('request_token');
    return token !== null && TOKEN_PATTERN.test(token) ? token : null;
  } catch {
    return null;
  }
}

export interface KiteLoginListenerOptions {
  /** Must match the port of the redirect URL registered for the Kite app; 0 picks one (tests). */
  readonly port: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Random by default; tests may fix it. */
  readonly state?: string;
}

export interface KiteLoginListener {
  /** http://127.0.0.1:<port>/kite/callback */
  readonly redirectUrl: string;
  readonly state: string;
  loginUrl(apiKey: string, loginRoot?: string): string;
  /** Resolves with the request_token of the first valid redirect; the listener then closes. */
  readonly requestToken: Promise<string>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `Port ${port} is already in use. Close the program using it, or change the redirect port (it must match your Kite app's redirect URL).`
          : `Premia could not listen for the Kite login on port ${port}: ${error.message}`;
      reject(new BrokerError('general', why));
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(address !== null && typeof address === 'object' ? address.port : port);
    });
  });
}

/** The listener's state: waiting, then settled exactly once (token, failure, timeout or abort). */
class OneUseCallback {
  readonly requestToken: Promise<string>;
  readonly server: Server;
  private settle: { resolve(token: string): void; reject(error: Error): void } | undefined;
  private finished = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = (): void => this.finish(cancelledError());

  constructor(
    readonly state: string,
    private readonly signal: AbortSignal | undefined,
    makeServer: typeof createServer,
  ) {
    this.requestToken = new Promise<string>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.requestToken.catch(() => undefined); // the caller may close without awaiting it
    this.server = makeServer((req, res) => this.handle(req, res));
  }

  start(timeoutMs: number): void {
    const seconds = Math.round(timeoutMs / 1000);
    this.timer = setTimeout(
      () =>
        this.finish(
          new BrokerError(
            'timeout',
            `No Kite login arrived within ${seconds} s. Start the login again.`,
          ),
        ),
      timeoutMs,
    );
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.signal?.aborted === true) this.finish(cancelledError());
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, title: string, text: string): void => {
      res.writeHead(status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      res.end(PAGE(title, text));
    };
    if (req.method !== 'GET' || url.pathname !== KITE_CALLBACK_PATH) {
      reply(404, 'Not found', 'This address only receives the Kite login redirect.');
      return;
    }
    // A redirect without our state did not come from the login Premia started: ignore it.
    if (url.searchParams.get('state') !== this.state) {
      reply(400, 'Unknown login', 'Premia did not start this login. Start it again from Premia.');
      return;
    }
    const token = url.searchParams.get('request_token');
    if (
      url.searchParams.get('status') !== 'success' ||
      token === null ||
      !TOKEN_PATTERN.test(token)
    ) {
      reply(
        400,
        'Login failed',
        'Kite did not complete the login. Return to Premia and try again.',
      );
      this.finish(new BrokerError('general', 'Kite did not complete the login. Log in again.'));
      return;
    }
    reply(200, 'Logged in to Kite', 'You can close this tab and return to Premia.');
    this.finish(null, token);
  }

  finish(error: Error | null, token?: string): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.server.close();
    this.server.closeIdleConnections();
    if (error === null && token !== undefined) this.settle?.resolve(token);
    else this.settle?.reject(error ?? cancelledError());
  }
}

/** Starts the one-use redirect listener on 127.0.0.1; it closes after one login or a timeout. */
export async function startKiteLoginListener(
  options: KiteLoginListenerOptions,
): Promise<KiteLoginListener> {
  const http = await import('node:http');
  const callback = new OneUseCallback(
    options.state ?? randomBytes(16).toString('hex'),
    options.signal,
    http.createServer,
  );
  const port = await listen(callback.server, options.port);
  callback.start(options.timeoutMs ?? 180_000);
  return {
    redirectUrl: `http://127.0.0.1:${port}${KITE_CALLBACK_PATH}`,
    state: callback.state,
    loginUrl: (apiKey, loginRoot) => kiteLoginUrl(apiKey, callback.state, loginRoot),
    requestToken: callback.requestToken,
    close: async () => {
      callback.finish(cancelledError());
      await new Promise<void>((resolve) => {
        if (callback.server.listening) callback.server.close(() => resolve());
        else resolve();
      });
    },
  };
}

/** Waits for the redirect, then trades the request_token for a session through the broker. */
export async function completeKiteLogin(
  listener: KiteLoginListener,
  broker: Pick<Broker, 'exchangeToken'>,
  signal: AbortSignal,
): Promise<KiteSession> {
  const token = await listener.requestToken;
  return broker.exchangeToken(token, signal);
}
