import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';
import { presetUnderlyings, WATCHLIST_PRESETS, type FnoUniverse } from '../market/fno-universe';
import type { Storage } from '../storage/storage';
import { KeyedQueue } from '../vault/keyed-queue';

const WATCHLISTS_SETTING = 'watchlists';
const SavedWatchlistsSchema = z.record(z.string(), z.array(z.string()));

export type SavedWatchlists = Record<string, string[]>;

/**
 * A profile's saved watchlists (one setting holding every list) and the built-in presets. Saving
 * reads, changes and writes the whole setting, so writes for one profile run one at a time: two
 * lists saved at once both survive.
 */
export class Watchlists {
  private readonly writes = new KeyedQueue<ProfileId>();

  constructor(private readonly storage: Pick<Storage, 'getSetting' | 'setSetting'>) {}

  async saved(profileId: ProfileId): Promise<SavedWatchlists> {
    return (
      (await this.storage.getSetting(profileId, WATCHLISTS_SETTING, SavedWatchlistsSchema)) ?? {}
    );
  }

  save(profileId: ProfileId, name: string, symbols: readonly string[]): Promise<void> {
    const trimmed = name.trim();
    if (WATCHLIST_PRESETS.some((preset) => preset.id === trimmed)) {
      return Promise.reject(
        new UserFacingError('CONFLICT', `"${trimmed}" is the name of a built-in watchlist.`),
      );
    }
    return this.writes.run(profileId, async () => {
      const saved = await this.saved(profileId);
      await this.storage.setSetting(profileId, WATCHLISTS_SETTING, {
        ...saved,
        [trimmed]: [...symbols],
      });
    });
  }

  delete(profileId: ProfileId, name: string): Promise<boolean> {
    return this.writes.run(profileId, async () => {
      const saved = await this.saved(profileId);
      if (!(name in saved)) return false;
      const rest = Object.fromEntries(
        Object.entries(saved).filter(([listName]) => listName !== name),
      );
      await this.storage.setSetting(profileId, WATCHLISTS_SETTING, rest);
      return true;
    });
  }

  /** The symbols of a preset (resolved against today's universe) or of a saved list. */
  async symbols(
    profileId: ProfileId,
    watchlist: string,
    universe: () => Promise<FnoUniverse>,
  ): Promise<string[]> {
    const preset = WATCHLIST_PRESETS.find((candidate) => candidate.id === watchlist);
    if (preset !== undefined) return presetUnderlyings(await universe(), preset.id);
    const saved = (await this.saved(profileId))[watchlist];
    if (saved === undefined)
      throw new UserFacingError('NOT_FOUND', `There is no watchlist called "${watchlist}".`);
    return saved;
  }

  /** Presets with today's sizes, then the saved lists: what the scan screen offers. */
  async offered(profileId: ProfileId, universe: FnoUniverse) {
    const saved = await this.saved(profileId);
    return [
      ...WATCHLIST_PRESETS.map((preset) => ({
        id: preset.id,
        name: preset.name,
        size: presetUnderlyings(universe, preset.id).length,
      })),
      ...Object.entries(saved).map(([name, symbols]) => ({ id: name, name, size: symbols.length })),
    ];
  }
}
