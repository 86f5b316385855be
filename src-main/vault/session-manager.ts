import type { ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { UserFacingError } from '../domain/errors';
import { DEFAULT_AUTO_LOCK_MINUTES } from './registry';

/**
 * Which profiles are signed in, and which of them are unlocked (their data key in memory). The
 * app uses it for its one window; the CLI and tests sign in, act and sign out. Idle time is
 * measured with the injected clock: tick() locks every session idle for longer than its limit.
 */
export type LockReason = 'manual' | 'idle';

export interface LockEvent {
  readonly profileId: ProfileId;
  readonly reason: LockReason;
  readonly at: Date;
}

interface SignedIn {
  /** null while locked: the key was zeroed and dropped. */
  dataKey: Buffer | null;
  lastActivityMs: number;
  autoLockMinutes: number;
}

export class SessionManager {
  private readonly sessions = new Map<ProfileId, SignedIn>();
  private readonly lockListeners = new Set<(event: LockEvent) => void>();
  private readonly closeListeners = new Set<(profileId: ProfileId) => void>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Signs in or unlocks: keeps a private copy of the data key. */
  open(profileId: ProfileId, dataKey: Buffer, autoLockMinutes = DEFAULT_AUTO_LOCK_MINUTES): void {
    const existing = this.sessions.get(profileId);
    existing?.dataKey?.fill(0);
    this.sessions.set(profileId, {
      dataKey: Buffer.from(dataKey),
      lastActivityMs: this.clock.now().getTime(),
      autoLockMinutes,
    });
  }

  /** A rotated data key replaces the old one in an unlocked session; a locked one stays locked. */
  replaceKey(profileId: ProfileId, dataKey: Buffer): void {
    const session = this.sessions.get(profileId);
    if (session?.dataKey == null) return;
    session.dataKey.fill(0);
    session.dataKey = Buffer.from(dataKey);
  }

  isSignedIn(profileId: ProfileId): boolean {
    return this.sessions.has(profileId);
  }

  isUnlocked(profileId: ProfileId): boolean {
    return (this.sessions.get(profileId)?.dataKey ?? null) !== null;
  }

  autoLockMinutes(profileId: ProfileId): number | null {
    return this.sessions.get(profileId)?.autoLockMinutes ?? null;
  }

  /**
   * The data key of an unlocked profile. Throws NOT_LOGGED_IN or LOCKED. Not activity: a scan
   * fetching credentials must not keep an unattended session unlocked.
   */
  dataKey(profileId: ProfileId): Buffer {
    const session = this.sessions.get(profileId);
    if (session === undefined) {
      throw new UserFacingError('NOT_LOGGED_IN', 'Sign in to this profile first.');
    }
    if (session.dataKey === null) {
      throw new UserFacingError(
        'LOCKED',
        'This profile is locked. Enter its password to unlock it.',
      );
    }
    return session.dataKey;
  }

  /** The trader did something (a renderer call): the idle timer starts again. */
  touch(profileId: ProfileId): void {
    const session = this.sessions.get(profileId);
    if (session?.dataKey != null) session.lastActivityMs = this.clock.now().getTime();
  }

  setAutoLock(profileId: ProfileId, minutes: number): void {
    const session = this.sessions.get(profileId);
    if (session !== undefined) session.autoLockMinutes = minutes;
  }

  /** Drops the data key but keeps the profile signed in. Running scans are not touched. */
  lock(profileId: ProfileId, reason: LockReason = 'manual'): boolean {
    const session = this.sessions.get(profileId);
    if (session?.dataKey == null) return false;
    session.dataKey.fill(0);
    session.dataKey = null;
    const event: LockEvent = { profileId, reason, at: this.clock.now() };
    for (const listener of this.lockListeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('vault.lock-listener-failed', { error: String(error) });
      }
    }
    return true;
  }

  /** Signs out: the key (if any) is zeroed and forgotten. */
  close(profileId: ProfileId): boolean {
    const session = this.sessions.get(profileId);
    if (session === undefined) return false;
    session.dataKey?.fill(0);
    this.sessions.delete(profileId);
    for (const listener of this.closeListeners) listener(profileId);
    return true;
  }

  /** Told when a profile signs out (its scans stop then; a lock leaves them running). */
  onClose(listener: (profileId: ProfileId) => void): () => void {
    this.closeListeners.add(listener);
    return () => {
      this.closeListeners.delete(listener);
    };
  }

  closeAll(): void {
    for (const profileId of [...this.sessions.keys()]) this.close(profileId);
  }

  /** Locks every unlocked session idle for at least its auto-lock limit; returns the ones locked. */
  tick(): ProfileId[] {
    const nowMs = this.clock.now().getTime();
    const locked: ProfileId[] = [];
    for (const [profileId, session] of this.sessions) {
      if (session.dataKey === null) continue;
      if (nowMs - session.lastActivityMs >= session.autoLockMinutes * 60_000) {
        if (this.lock(profileId, 'idle')) locked.push(profileId);
      }
    }
    return locked;
  }

  onLock(listener: (event: LockEvent) => void): () => void {
    this.lockListeners.add(listener);
    return () => {
      this.lockListeners.delete(listener);
    };
  }

  /** Calls tick() on a real timer (the app); returns the stop function. Never keeps Node alive. */
  startIdleTimer(intervalMs: number): () => void {
    const timer = setInterval(() => this.tick(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
