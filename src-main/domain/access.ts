import type { ProfileId } from '../../src-preload/contract';

/**
 * Who may act on a profile's data. Services check it themselves (not only the window session or
 * the CLI wrapper), so a caller that forgets cannot reach a locked or signed-out profile. The
 * vault implements it.
 */
export interface ProfileAccess {
  /** Throws NOT_LOGGED_IN / LOCKED unless the profile is signed in and unlocked. */
  requireUnlocked(profileId: ProfileId): void;
}
