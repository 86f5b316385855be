import type { ProfileId } from '../../src-preload/contract';
import type { Readiness } from './agent-manager';

/** What readiness needs of the vault. */
export interface ReadinessVault {
  readonly sessions: {
    isSignedIn(profileId: ProfileId): boolean;
    isUnlocked(profileId: ProfileId): boolean;
  };
  brokerCredentials(
    profileId: ProfileId,
  ): Promise<{ readonly token: { readonly status: string; readonly expiredAt?: string } } | null>;
}

/**
 * Agents run while their profile is unlocked and either uses the simulator or holds a valid
 * Kite token (Kite's tokens expire at 06:00 IST the next day; the vault knows when).
 */
export async function agentReadiness(
  vault: ReadinessVault,
  profileId: ProfileId,
): Promise<Readiness> {
  if (!vault.sessions.isSignedIn(profileId))
    return {
      ready: false,
      reason: 'The profile is signed out; agents run again after you sign in.',
    };
  if (!vault.sessions.isUnlocked(profileId))
    return { ready: false, reason: 'The profile is locked; agents resume when you unlock it.' };
  let credentials: Awaited<ReturnType<ReadinessVault['brokerCredentials']>>;
  try {
    credentials = await vault.brokerCredentials(profileId);
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (credentials === null) return { ready: true };
  const { token } = credentials;
  if (token.status === 'valid') return { ready: true };
  return {
    ready: false,
    reason:
      token.status === 'expired'
        ? `The Kite access token expired${token.expiredAt === undefined ? '' : ` at ${token.expiredAt}`}; agents resume after you log in with Kite.`
        : 'This profile has no Kite access token yet; agents start after you log in with Kite.',
  };
}
