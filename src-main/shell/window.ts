import { BrowserWindow, shell, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../app/logger';
import { APP_ORIGIN, isAllowedExternalUrl, isAppUrl } from './policy';

export interface WindowOptions {
  readonly devServerUrl: string | null;
  readonly devTools: boolean;
  readonly logger: Logger;
}

/** Navigation and window-opening are denied; allow-listed https links go to the system browser. */
function guardNavigation(contents: WebContents, options: WindowOptions): void {
  const devOrigin = options.devServerUrl === null ? null : new URL(options.devServerUrl).origin;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devOrigin)) {
      event.preventDefault();
      options.logger.warn('shell.navigation-denied', { url });
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    else options.logger.warn('shell.window-open-denied', { url });
    return { action: 'deny' };
  });
}

export async function createMainWindow(options: WindowOptions): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Premia',
    backgroundColor: '#0d1117',
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
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
      spellcheck: false,
      // Middle-click must not open links in new windows behind our window-open handler.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  });
  guardNavigation(window.webContents, options);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(options.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}
