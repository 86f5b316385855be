import { z } from 'zod';
import { method } from '../define';

/** Security-relevant actions of a profile. Scans and exports add theirs here. */
export const AUDIT_ACTIONS = [
  'profile-created',
  'profile-deleted',
  'profile-renamed',
  'role-changed',
  'quotas-changed',
  'login',
  'logout',
  'lock',
  'unlock',
  'password-changed',
  'auto-lock-changed',
  'credentials-set',
  'credentials-cleared',
  'credentials-imported',
  'token-set',
  'token-expired',
  'scan-run',
  'run-exported',
  'run-deleted',
  'workspace-backup',
  'workspace-restore',
  'trades-imported',
  'trades-synced',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditOutcomeSchema = z.enum(['success', 'failure']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  /**
   * One of AUDIT_ACTIONS when written by this version; a plain string on reading, so an entry
   * written by a newer version (or another module) never breaks the whole list.
   */
  action: z.string(),
  outcome: AuditOutcomeSchema,
  /** A sentence without secrets: names, counts, masked values at most. */
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  /** Entries older than this id (paging back); newest first. */
  beforeId: z.number().int().positive().optional(),
});

export const auditDomain = {
  /** The signed-in profile's own log, newest first. */
  list: method(AuditQuerySchema.optional(), z.array(AuditEntrySchema)),
};
