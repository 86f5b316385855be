import { create } from 'zustand';
import type {
  MethodInput,
  PremiaError,
  ProfileId,
  ProfileSummary,
  Quotas,
  Result,
} from '../../src-preload/contract';
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { useSessionStore } from './session-store';
import { navigation } from './ui-stores';

export type DeleteProfileInput = MethodInput<'profiles', 'delete'>;

export interface ProfilesState {
  readonly profiles: readonly ProfileSummary[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: PremiaError | null;
  load(): Promise<void>;
  /** Creates the profile and signs straight into it, as a trader expects after choosing a password. */
  create(name: string, password: string): Promise<Result<ProfileSummary>>;
  remove(input: DeleteProfileInput): Promise<Result<unknown>>;
  rename(name: string): Promise<Result<ProfileSummary>>;
  setQuotas(profileId: ProfileId, quotas: Partial<Quotas>): Promise<Result<unknown>>;
}

const listLoad = latestOnly();

/** The profiles on this machine (names and roles only; nothing of another profile's data). */
export const useProfilesStore = create<ProfilesState>()((set, get) => ({
  profiles: [],
  status: 'idle',
  error: null,

  async load() {
    set({ status: get().status === 'ready' ? 'ready' : 'loading' });
    const ticket = listLoad.next();
    const result = await premiaApi().profiles.list();
    if (!listLoad.isCurrent(ticket)) return;
    if (result.ok) set({ status: 'ready', profiles: result.value, error: null });
    else set({ status: 'failed', error: result.error });
  },

  async create(name, password) {
    const result = await premiaApi().profiles.create({ name, password });
    if (!result.ok) return result;
    await get().load();
    await useSessionStore.getState().signIn(result.value.id, password);
    return result;
  },

  async remove(input) {
    const result = await premiaApi().profiles.delete(input);
    if (result.ok) {
      navigation().forgetProfile(input.profileId);
      await useSessionStore.getState().refresh();
      await get().load();
    }
    return result;
  },

  async rename(name) {
    const result = await premiaApi().profiles.rename({ name });
    if (result.ok) {
      await get().load();
      await useSessionStore.getState().refresh();
    }
    return result;
  },

  async setQuotas(profileId, quotas) {
    const result = await premiaApi().profiles.setQuotas({ profileId, quotas });
    if (result.ok) await useSessionStore.getState().refresh();
    return result;
  },
}));
