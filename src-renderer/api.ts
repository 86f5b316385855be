import type { PremiaApi } from '../src-preload/contract';

declare global {
  interface Window {
    readonly premia?: PremiaApi;
  }
}

/** The typed window.premia, or a clear failure when the page runs outside Premia. */
export function premiaApi(): PremiaApi {
  const api = window.premia;
  if (api === undefined) {
    throw new Error(
      'window.premia is missing: this page must be opened by Premia (or its test harness).',
    );
  }
  return api;
}
