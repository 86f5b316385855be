import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract';
import type { Storage } from '../storage/storage';
import type { AuditLog } from './audit';
import { DEFERRED_NOTE, type SecurityLog } from './security-log';

/** How far each profile has taken in the app security log (a byte offset; the log only grows). */
const SECURITY_LOG_OFFSET = 'security.logOffset';
const OffsetSchema = z.number().int().nonnegative();

/**
 * The audit log kept in each profile's own database, through the storage layer. Before each
 * write and read it takes in the profile's events that had to go to the app security log while
 * its database was held elsewhere, so the audit view shows them at the time they happened.
 */
export function createStorageAuditLog(storage: Storage, securityLog: SecurityLog): AuditLog {
  async function takeInDeferred(profileId: ProfileId): Promise<void> {
    const offset = (await storage.getSetting(profileId, SECURITY_LOG_OFFSET, OffsetSchema)) ?? 0;
    const { events, end } = securityLog.readFrom(offset);
    if (end === offset) return;
    const mine = events
      .filter((event) => event.profileId === profileId)
      .map(({ at, action, outcome, detail }) => ({
        at,
        action,
        outcome,
        detail: `${detail}${DEFERRED_NOTE}`,
      }));
    await storage.importAudit(profileId, mine, { key: SECURITY_LOG_OFFSET, value: end });
  }

  return {
    async record(profileId, entry) {
      await takeInDeferred(profileId);
      await storage.appendAudit(profileId, entry);
    },
    async list(profileId, query) {
      await takeInDeferred(profileId);
      const page = await storage.listAudit(profileId, {
        limit: query.limit,
        before: query.beforeId ?? null,
      });
      return page.entries.map((entry) => ({ ...entry }));
    },
  };
}
