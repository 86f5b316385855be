import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Premia } from '../app/create-premia';
import type { SenderInfo } from '../ipc/router';

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    url: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    windowId: event.sender.id,
  };
}

/** Every channel the router handles goes through ipcMain.handle → router.dispatch; events go back. */
export function registerIpc(premia: Premia, window: () => BrowserWindow | null): () => void {
  const channels = premia.router.channels();
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) =>
      premia.router.dispatch(channel, senderOf(event), input),
    );
  }
  const unsubscribe = premia.events.subscribe((channel, payload, profileId) => {
    // A profile's events reach the window only while that profile is its active one.
    if (profileId !== undefined && profileId !== premia.session.current()) return;
    const target = window();
    if (target !== null && !target.isDestroyed()) target.webContents.send(channel, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
