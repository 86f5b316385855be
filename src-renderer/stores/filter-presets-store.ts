import { create } from 'zustand';
import type { PremiaError, ScanFilters } from '../../src-preload/contract';
import { premiaApi } from '../api';
import { useScanStore } from './scan-store';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

export interface FilterPresetView {
  readonly name: string;
  readonly builtIn: boolean;
  readonly filters: ScanFilters;
}

interface FilterPresetsState {
  readonly presets: readonly FilterPresetView[];
  readonly error: PremiaError | null;
  load(): Promise<void>;
  apply(name: string): void;
  save(name: string): Promise<boolean>;
  remove(name: string): Promise<void>;
  reset(): void;
}

/** The profile's named scan filters ("Seller" built in), applied to the scan screen's filters. */
export const useFilterPresetsStore = create<FilterPresetsState>()((set, get) => {
  function failed(error: PremiaError): void {
    set({ error });
    noticeSessionError(error);
  }
  return {
    presets: [],
    error: null,

    async load() {
      const result = await premiaApi().scans.filterPresets();
      if (!result.ok) return failed(result.error);
      set({ presets: result.value, error: null });
    },

    apply(name) {
      const preset = get().presets.find((candidate) => candidate.name === name);
      if (preset === undefined) return;
      useScanStore.getState().applyFilters(preset.filters);
    },

    async save(name) {
      const filters = useScanStore.getState().filters;
      const result = await premiaApi().scans.saveFilterPreset({ name, filters });
      if (!result.ok) {
        failed(result.error);
        return false;
      }
      await get().load();
      return true;
    },

    async remove(name) {
      const result = await premiaApi().scans.deleteFilterPreset({ name });
      if (!result.ok) return failed(result.error);
      await get().load();
    },

    reset: () => set({ presets: [], error: null }),
  };
});

resetWhenProfileCloses(() => useFilterPresetsStore.getState().reset());
