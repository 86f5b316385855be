import type { AuditAction, AuditEntry, AuditOutcome, ProfileId } from '../../src-preload/contract';

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
