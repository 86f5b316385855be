/**
 * The shell's security policy, exercised: the real window factory, session hardening and app://
 * protocol handler run against stand-in Electron objects, and the test fires the events Electron
 * would (navigation, window.open, permission requests, downloads, requests for files) to see what
 * the shell does with them.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../src-main/app/logger';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAppUrl,
  resolveAppPath,
} from '../../src-main/shell/policy';

type Handler = (...args: never[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as { options: unknown; handlers: Map<string, Handler>; loaded: string[] }[],
    windowOpenHandler: null as ((details: { url: string }) => { action: string }) | null,
    openedExternally: [] as string[],
    session: new Map<string, Handler>(),
    protocolHandler: null as ((request: { url: string }) => unknown) | null,
    privileged: [] as unknown[],
    fetched: [] as string[],
    quits: 0,
    readyAwaited: 0,
  };
  class FakeWebContents {
    constructor(private readonly handlers: Map<string, Handler>) {}
    on(event: string, handler: Handler): this {
      this.handlers.set(event, handler);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      state.windowOpenHandler = handler;
    }
  }
  class BrowserWindow {
    readonly webContents: FakeWebContents;
    private readonly record: { options: unknown; handlers: Map<string, Handler>; loaded: string[] };
    constructor(options: unknown) {
      this.record = { options, handlers: new Map(), loaded: [] };
      state.windows.push(this.record);
      this.webContents = new FakeWebContents(this.record.handlers);
    }
    once(): this {
      return this;
    }
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  const session = {
    defaultSession: {
      webRequest: {
        onHeadersReceived: (handler: Handler) => state.session.set('headers', handler),
      },
      setPermissionRequestHandler: (handler: Handler) => state.session.set('permission', handler),
      setPermissionCheckHandler: (handler: Handler) => state.session.set('check', handler),
      on: (event: string, handler: Handler) => state.session.set(event, handler),
    },
  };
  return {
    state,
    module: {
      // A second copy of the app: the single-instance lock is already held elsewhere.
      app: {
        isPackaged: true,
        // The entry opens its log file in userData before anything else.
        getPath: () => mkdtempSync(join(tmpdir(), 'premia-shell-entry-')),
        requestSingleInstanceLock: () => false,
        quit: () => {
          state.quits++;
        },
        whenReady: () => {
          state.readyAwaited++;
          return new Promise<void>(() => undefined);
        },
        on: () => undefined,
      },
      dialog: {},
      powerMonitor: { on: () => undefined },
      BrowserWindow,
      session,
      shell: {
        openExternal: (url: string) => {
          state.openedExternally.push(url);
          return Promise.resolve();
        },
      },
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
        handle: (_scheme: string, handler: (request: { url: string }) => unknown) => {
          state.protocolHandler = handler;
        },
      },
      net: {
        fetch: (url: string) => {
          state.fetched.push(url);
          return Promise.resolve(new Response('file'));
        },
      },
    },
  };
});

vi.mock('electron', () => fake.module);
// electron-store loads Electron itself (outside vitest's module graph); main.ts only constructs it
// after the lock, so a bare stand-in suffices.
vi.mock('electron-store', () => ({ default: function ElectronStore(): void {} }));

const { createMainWindow } = await import('../../src-main/shell/window');
const { hardenSession, registerAppScheme, serveRenderer } =
  await import('../../src-main/shell/session-policy');

function preventable(): { event: { preventDefault(): void }; prevented: () => boolean } {
  let prevented = false;
  return {
    event: {
      preventDefault: () => {
        prevented = true;
      },
    },
    prevented: () => prevented,
  };
}

beforeEach(() => {
  fake.state.windows.length = 0;
  fake.state.openedExternally.length = 0;
  fake.state.fetched.length = 0;
  fake.state.session.clear();
});

describe('URL rules', () => {
  it('opens only https Zerodha links in the system browser', () => {
    expect(isAllowedExternalUrl('https://kite.zerodha.com/connect/login?v=3&api_key=x')).toBe(true);
    expect(isAllowedExternalUrl('https://kite.trade/docs/connect/v3/')).toBe(true);
    for (const url of [
      'http://kite.zerodha.com/',
      'https://kite.zerodha.com.evil.example/',
      'https://user:pw@kite.zerodha.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('treats only app://premia (and the dev server in development) as the app', () => {
    expect(isAppUrl('app://premia/index.html', null)).toBe(true);
    expect(isAppUrl('app://other/index.html', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('https://example.com/', 'http://localhost:5173')).toBe(false);
  });

  it('resolves only files inside the renderer folder', () => {
    const joinPath = (...parts: string[]): string => parts.join('/');
    expect(resolveAppPath('/r', 'app://premia/', joinPath)).toBe('/r/index.html');
    expect(resolveAppPath('/r', 'app://premia/assets/a.js', joinPath)).toBe('/r/assets/a.js');
    // The URL parser resolves encoded dot segments itself: they can never climb above the root.
    expect(resolveAppPath('/r', 'app://premia/%2e%2e/secret', joinPath)).toBe('/r/secret');
    for (const url of ['app://premia/..%2fsecret', 'app://premia/a%5c..%5cb', 'app://premia/%00']) {
      expect(resolveAppPath('/r', url, joinPath), url).toBeNull();
    }
  });
});

describe('the main window', () => {
  it("is created with Electron's security checklist settings and loads the app origin", async () => {
    await createMainWindow({ devServerUrl: null, devTools: false, logger: createMemoryLogger() });
    const [window] = fake.state.windows;
    const preferences = (window?.options as { webPreferences: Record<string, unknown> })
      .webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(String(preferences.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(window?.loaded).toEqual(['app://premia/index.html']);
  });

  it('stops navigation and redirects away from the app, and refuses webviews', async () => {
    const logger = createMemoryLogger();
    await createMainWindow({ devServerUrl: null, devTools: false, logger });
    const handlers = fake.state.windows[0]?.handlers ?? new Map<string, Handler>();
    const fire = (name: string, url: string): boolean => {
      const { event, prevented } = preventable();
      (handlers.get(name) as (event: unknown, url: string) => void)(event, url);
      return prevented();
    };
    expect(fire('will-navigate', 'app://premia/index.html#/results')).toBe(false);
    expect(fire('will-navigate', 'https://kite.zerodha.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', 'app://premia/index.html')).toBe(false);
    const { event, prevented } = preventable();
    (handlers.get('will-attach-webview') as (event: unknown) => void)(event);
    expect(prevented()).toBe(true);
  });

  it('never opens a window: Zerodha links go to the system browser, anything else nowhere', async () => {
    await createMainWindow({ devServerUrl: null, devTools: true, logger: createMemoryLogger() });
    const open = fake.state.windowOpenHandler;
    if (open === null) throw new Error('no window-open handler was set');
    const login = 'https://kite.zerodha.com/connect/login?v=3&api_key=x';
    expect(open({ url: login })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.state.openedExternally).toEqual([login]);
  });
});

describe('the session', () => {
  it('adds the CSP to every response, denies every permission and every download', () => {
    hardenSession(createMemoryLogger());
    let headers: Record<string, unknown> = {};
    (fake.state.session.get('headers') as (d: unknown, cb: (r: unknown) => void) => void)(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      (response) => {
        headers = (response as { responseHeaders: Record<string, unknown> }).responseHeaders;
      },
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
    });
    const answers: boolean[] = [];
    const ask = fake.state.session.get('permission') as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      ask(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect((fake.state.session.get('check') as () => boolean)()).toBe(false);
    const { event, prevented } = preventable();
    (fake.state.session.get('will-download') as (event: unknown) => void)(event);
    expect(prevented()).toBe(true);
  });

  it('has a CSP with no inline or eval script and no framing, in the header and in the page', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    const html = readFileSync(join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('serves app://premia from the renderer folder only, and registers app: as a secure scheme', async () => {
    registerAppScheme();
    expect(fake.state.privileged).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    serveRenderer('/opt/premia/renderer');
    const serve = fake.state.protocolHandler;
    if (serve === null) throw new Error('no app: protocol handler');
    const status = async (url: string): Promise<number> =>
      ((await serve({ url })) as Response).status;
    expect(await status('app://premia/assets/app.js')).toBe(200);
    expect(fake.state.fetched).toEqual(['file:///opt/premia/renderer/assets/app.js']);
    expect(await status('app://premia/..%2f..%2fetc%2fpasswd')).toBe(404);
    expect(await status('app://evil/index.html')).toBe(404);
    expect(fake.state.fetched).toHaveLength(1);
  });
});

describe('the Electron entry', () => {
  it('quits at once when another copy of Premia already holds the single-instance lock', async () => {
    await import('../../src-main/shell/main');
    expect(fake.state.quits).toBe(1);
    expect(fake.state.readyAwaited).toBe(0);
    expect(fake.state.windows).toHaveLength(0);
  });
});
