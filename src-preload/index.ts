/**
 * The Electron preload: exposes window.premia, built from the contract over ipcRenderer. It holds
 * no logic; every call is validated again in main.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildPremiaApi } from './api';
import type { Transport } from './transport';

const ipcTransport: Transport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('premia', buildPremiaApi(ipcTransport));
