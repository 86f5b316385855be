import type { ProfileId } from '../../src-preload/contract';
import { z } from 'zod';
import {
  OPEN_FILTERS,
  ScanFiltersSchema,
  type ScanFilters,
} from '../../src-preload/contract/domains/scans';
import { UserFacingError } from '../domain/errors';
import type { Storage } from '../storage/storage';

const PRESETS_SETTING = 'scan.filterPresets';
const SavedPresetsSchema = z.record(z.string(), z.unknown());

/** Presets every profile has; their names cannot be taken by a saved one. */
export const BUILT_IN_FILTER_PRESETS: readonly { name: string; filters: ScanFilters }[] = [
  { name: 'Seller', filters: ScanFiltersSchema.parse({}) },
  { name: 'Everything priced', filters: ScanFiltersSchema.parse(OPEN_FILTERS) },
];

export interface FilterPreset {
  readonly name: string;
  readonly builtIn: boolean;
  readonly filters: ScanFilters;
}

/**
 * Named scan filters, saved per profile in its settings. A saved preset that no longer parses
 * (a filter renamed by a newer Premia) is left out rather than breaking the list.
 */
export class FilterPresets {
  constructor(private readonly storage: Pick<Storage, 'getSetting' | 'setSetting'>) {}

  private async saved(profileId: ProfileId): Promise<Record<string, ScanFilters>> {
    const stored =
      (await this.storage.getSetting(profileId, PRESETS_SETTING, SavedPresetsSchema)) ?? {};
    return Object.fromEntries(
      Object.entries(stored).flatMap(([name, value]) => {
        const parsed = ScanFiltersSchema.safeParse(value);
        return parsed.success ? [[name, parsed.data] as const] : [];
      }),
    );
  }

  async list(profileId: ProfileId): Promise<FilterPreset[]> {
    const saved = Object.entries(await this.saved(profileId)).map(([name, filters]) => ({
      name,
      builtIn: false,
      filters,
    }));
    return [
      ...BUILT_IN_FILTER_PRESETS.map((preset) => ({ ...preset, builtIn: true })),
      ...saved.sort((a, b) => a.name.localeCompare(b.name)),
    ];
  }

  async save(profileId: ProfileId, name: string, filters: ScanFilters): Promise<void> {
    const trimmed = name.trim();
    if (
      BUILT_IN_FILTER_PRESETS.some((preset) => preset.name.toLowerCase() === trimmed.toLowerCase())
    )
      throw new UserFacingError('CONFLICT', `"${trimmed}" is a built-in filter preset.`);
    const saved = await this.saved(profileId);
    if (!(trimmed in saved) && Object.keys(saved).length >= 50)
      throw new UserFacingError('QUOTA_EXCEEDED', 'A profile keeps at most 50 filter presets.');
    await this.storage.setSetting(profileId, PRESETS_SETTING, {
      ...saved,
      [trimmed]: ScanFiltersSchema.parse(filters),
    });
  }

  async delete(profileId: ProfileId, name: string): Promise<boolean> {
    const saved = await this.saved(profileId);
    if (!(name in saved)) return false;
    const rest = Object.fromEntries(Object.entries(saved).filter(([key]) => key !== name));
    await this.storage.setSetting(profileId, PRESETS_SETTING, rest);
    return true;
  }
}
