import type { Storage } from '../storage/storage';
import type { AuditLog } from './audit';

/** The audit log kept in each profile's own database, through the storage layer. */
export function createStorageAuditLog(storage: Storage): AuditLog {
  return {
    async record(profileId, entry) {
      await storage.appendAudit(profileId, entry);
    },
    async list(profileId, query) {
      const page = await storage.listAudit(profileId, {
        limit: query.limit,
        before: query.beforeId ?? null,
      });
      return page.entries.map((entry) => ({ ...entry }));
    },
  };
}
