import type { AuditAction, AuditEntry, AuditOutcome, ProfileId } from '../../src-preload/contract';
import type { Logger } from '../app/logger';

/**
 * The per-profile audit log. Entries live in the profile's own database (storage layer), so
 * deleting a profile deletes its log, and no other profile's session can page through it.
 */
export interface AuditRecord {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /** A sentence without secrets: names, counts, masked values at most. */
  readonly detail: string;
}

export interface AuditQuery {
  readonly limit: number;
  readonly beforeId?: number;
}

export interface AuditLog {
  record(profileId: ProfileId, entry: AuditRecord): Promise<void>;
  /** Newest first. */
  list(profileId: ProfileId, query: AuditQuery): Promise<AuditEntry[]>;
}

/**
 * Recording must never stop a trader from signing in or locking: a failed write is logged loudly
 * (without the detail's text beyond the action) and the action goes on.
 */
export function neverFailingAudit(audit: AuditLog, logger: Logger): AuditLog {
  return {
    async record(profileId, entry) {
      try {
        await audit.record(profileId, entry);
      } catch (error) {
        logger.error('audit.record-failed', {
          profileId,
          action: entry.action,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
    list: (profileId, query) => audit.list(profileId, query),
  };
}
