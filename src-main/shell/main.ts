/**
 * Electron's main entry: the thin shell. It builds Premia through createPremia() with Electron's
 * pieces (paths, keychain, electron-store) and owns only windows, IPC registration and lifecycle.
 */
import { app, BrowserWindow, dialog, powerMonitor, shell } from 'electron';
import ElectronStore from 'electron-store';
import { fileURLToPath } from 'node:url';
import { createPremia, type Premia } from '../app/create-premia';
import { systemClock } from '../app/clock';
import { createFileLogger } from '../app/file-logger';
import { whereDetailsAre } from '../app/logger';
import { handleProcessFailures } from '../app/process-failures';
import { UserFacingError } from '../domain/errors';
import { resolveWorkerScript } from '../app/worker-script';
import { createKeytarKeychain } from '../vault/keychain';
import { desktopAlertNotifier } from './alert-notifications';
import { electronFileDialogs } from './file-dialogs';
import { registerIpc } from './ipc';
import { APP_ORIGIN, isAllowedExternalUrl } from './policy';
import { hardenSession, registerAppScheme, serveRenderer } from './session-policy';
import { createMainWindow } from './window';

// userData is known before 'ready': the log exists from the first line, start failures included.
const logger = createFileLogger({
  dataDir: app.getPath('userData'),
  clock: systemClock,
  level: app.isPackaged ? 'info' : 'debug',
  ...(app.isPackaged ? {} : { echo: { stream: process.stderr, level: 'debug' as const } }),
});
handleProcessFailures(process, {
  logger,
  // An exception nobody caught leaves Premia in an unknown state: say so, then stop.
  onFatal: (message) => {
    dialog.showErrorBox('Premia stopped', message);
    logger.close();
    app.exit(1);
  },
});
const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;

async function start(): Promise<void> {
  registerAppScheme();
  await app.whenReady();
  hardenSession(logger);
  serveRenderer(fileURLToPath(new URL('../renderer', import.meta.url)));

  const dataDir = app.getPath('userData');
  let mainWindow: BrowserWindow | null = null;
  const premia: Premia = await createPremia({
    dataDir,
    keychain: createKeytarKeychain(),
    version: app.getVersion(),
    runtime: 'electron',
    allowedOrigins:
      devServerUrl === null ? [APP_ORIGIN] : [APP_ORIGIN, new URL(devServerUrl).origin],
    logger,
    notifyAlerts: desktopAlertNotifier(),
    writerScript: resolveWorkerScript(new URL('./writer-thread.js', import.meta.url)),
    poolScript: resolveWorkerScript(new URL('./pool-worker.js', import.meta.url)),
    // Only Zerodha's https pages (the Kite login) ever reach the system browser.
    openExternal: (url) =>
      isAllowedExternalUrl(url)
        ? shell.openExternal(url)
        : Promise.reject(new Error(`refused to open ${url}`)),
    showItemInFolder: (path) => shell.showItemInFolder(path),
    // A factory, so a damaged registry is restored from its backup before the store reads it.
    registryStore: () =>
      new ElectronStore<Record<string, unknown>>({
        cwd: dataDir,
        name: 'registry',
        configFileMode: 0o600,
      }),
    dialogs: electronFileDialogs(() => mainWindow),
  });

  // The workstation locking or sleeping locks the active profile too (its scans keep running).
  const lockActiveProfile = (): void => {
    if (premia.session.current() === null) return;
    premia.session
      .lock()
      .catch((error: unknown) => logger.warn('shell.lock-failed', { error: String(error) }));
  };
  powerMonitor.on('lock-screen', lockActiveProfile);
  powerMonitor.on('suspend', lockActiveProfile);

  const unregister = registerIpc(premia, () => mainWindow);
  const openWindow = async (): Promise<void> => {
    const opened = await createMainWindow({ devServerUrl, devTools: !app.isPackaged, logger });
    // The session belongs to the window it was opened in; closing that window locks it.
    const windowId = opened.webContents.id;
    premia.session.windowOpened(windowId);
    opened.on('closed', () => {
      if (mainWindow === opened) mainWindow = null;
      premia.session
        .windowClosed(windowId)
        .catch((error: unknown) => logger.warn('shell.lock-failed', { error: String(error) }));
    });
    mainWindow = opened;
  };
  await openWindow();

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    unregister();
    void premia
      .close()
      .catch((error: unknown) => logger.error('shell.close-failed', { error: String(error) }))
      .finally(() => {
        logger.close();
        app.quit();
      });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error: unknown) => {
    logger.error('shell.start-failed', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    // A trader starting the app sees why it stops (e.g. a damaged registry), not just a log line.
    const reason =
      error instanceof UserFacingError
        ? error.message
        : `An unexpected error stopped Premia. ${whereDetailsAre(logger)}`;
    dialog.showErrorBox('Premia cannot start', reason);
    app.exit(1);
  });
}
