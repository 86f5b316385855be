import type { ProfileId } from '../../src-preload/contract';
import { isoFromDayNumber, istDayNumber } from '../market/dates';
import type { Storage } from '../storage';
import type { AuditLog } from '../vault/audit';
import type { Clock } from './clock';
import type { Logger } from './logger';

export interface RetentionPolicyDeps {
  readonly storage: Pick<Storage, 'applyRetention'>;
  /** Every profile on this workstation (retention needs no key: the runs are not secret). */
  readonly profiles: () => readonly ProfileId[];
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface RetentionApplied {
  readonly profileId: ProfileId;
  readonly runsDeleted: number;
}

/** How often the app checks whether a new day has begun (the work itself runs once a day). */
export const RETENTION_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * A profile's "keep scans for N days" is a policy, not a one-off: applied when Premia starts and
 * again on each new trading day (IST) while it runs, measured with the injected clock. A profile
 * whose database is busy (another Premia process) is retried on the next check.
 */
export class RetentionPolicy {
  private readonly appliedOn = new Map<ProfileId, string>();
  private pass: Promise<RetentionApplied[]> | null = null;

  constructor(private readonly deps: RetentionPolicyDeps) {}

  /** Applies the setting of every profile not yet done today; concurrent calls share one pass. */
  tick(): Promise<RetentionApplied[]> {
    this.pass ??= this.applyDue().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Resolves once a pass in progress (if any) has ended: storage may close after it. */
  async idle(): Promise<void> {
    await this.pass;
  }

  /** Runs tick() now and then on a real timer (the app); never keeps Node alive. */
  start(intervalMs = RETENTION_CHECK_INTERVAL_MS): () => void {
    void this.tick();
    const timer = setInterval(() => void this.tick(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async applyDue(): Promise<RetentionApplied[]> {
    const today = isoFromDayNumber(istDayNumber(this.deps.clock.now()));
    const applied: RetentionApplied[] = [];
    for (const profileId of this.deps.profiles()) {
      if (this.appliedOn.get(profileId) === today) continue;
      try {
        const report = await this.deps.storage.applyRetention(profileId);
        this.appliedOn.set(profileId, today);
        if (report.runsDeleted === 0) continue;
        applied.push({ profileId, runsDeleted: report.runsDeleted });
        this.deps.logger.info('retention.applied', { profileId, ...report });
        await this.deps.audit.record(profileId, {
          action: 'run-deleted',
          outcome: 'success',
          detail: `${report.runsDeleted} scan(s) older than ${report.olderThanDays ?? '?'} days deleted by the retention setting (${report.resultsDeleted} rows).`,
        });
      } catch (error) {
        this.deps.logger.warn('retention.failed', {
          profileId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return applied;
  }
}
