/**
 * How the client API reaches main. In Electron it is ipcRenderer; in the browser test harness it
 * is a WebSocket to a real createPremia() in Node. Both carry the same channel ids and payloads.
 */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}
