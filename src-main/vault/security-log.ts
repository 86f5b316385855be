import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { AuditOutcomeSchema, ProfileIdSchema, type ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import type { AuditLog, AuditRecord } from './audit';

/**
 * The app-level security log: `<data dir>/security.log`, one JSON line per event, append-only and
 * fsync'd before the action goes on. It catches the security events a profile's own audit log
 * could not take at the time (its database held by another Premia process: a CLI command beside
 * the app, ten guessers at once), so a failed login or a lock is never lost without notice. The
 * profile's audit log takes them in, at their original time, the next time it is written or read.
 *
 * Lines hold what audit entries hold: names, counts, masked values; never a secret.
 */
export const SecurityEventSchema = z.object({
  at: z.string(),
  profileId: ProfileIdSchema,
  action: z.string().min(1).max(64),
  outcome: AuditOutcomeSchema,
  detail: z.string().max(2000),
});
export type SecurityEvent = z.infer<typeof SecurityEventSchema>;

/** Said beside each entry that came through the security log, so the trader knows why it is late. */
export const DEFERRED_NOTE =
  ' (Recorded in the app security log while this profile was open in another Premia process.)';

/** A read of the log from a byte offset: whole lines only, and where the next read starts. */
export interface SecurityLogRead {
  readonly events: SecurityEvent[];
  readonly end: number;
}

export class SecurityLog {
  constructor(readonly path: string) {}

  /** Appends one line and waits for it to reach the disk. O_APPEND keeps lines of processes whole. */
  append(event: SecurityEvent): void {
    const line = `${JSON.stringify(SecurityEventSchema.parse(event))}\n`;
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Events from `offset` on; a torn last line (a crash mid-write) is left for later. */
  readFrom(offset: number): SecurityLogRead {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
        return { events: [], end: offset };
      }
      throw error;
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= offset) return { events: [], end: Math.min(offset, size) };
      const buffer = Buffer.alloc(size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      const lastNewline = buffer.lastIndexOf(0x0a);
      if (lastNewline < 0) return { events: [], end: offset };
      const events = buffer
        .subarray(0, lastNewline)
        .toString('utf8')
        .split('\n')
        .flatMap((line) => {
          try {
            const parsed = SecurityEventSchema.safeParse(JSON.parse(line));
            return parsed.success ? [parsed.data] : [];
          } catch {
            return [];
          }
        });
      return { events, end: offset + lastNewline + 1 };
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Recording must never stop a trader from signing in or locking, and must never lose the event:
 * a write the profile's audit log refuses goes to the security log instead (fsync'd). Only if
 * that fails too is the event left to the process log, loudly.
 */
export function neverLosingAudit(
  audit: AuditLog,
  securityLog: SecurityLog,
  clock: Clock,
  logger: Logger,
): AuditLog {
  return {
    async record(profileId: ProfileId, entry: AuditRecord) {
      try {
        await audit.record(profileId, entry);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        try {
          securityLog.append({ at: clock.now().toISOString(), profileId, ...entry });
          logger.warn('audit.deferred-to-security-log', {
            profileId,
            action: entry.action,
            reason,
          });
        } catch (fallbackError) {
          logger.error('audit.record-failed', {
            profileId,
            action: entry.action,
            error: reason,
            securityLogError: String(fallbackError),
          });
        }
      }
    },
    list: (profileId, query) => audit.list(profileId, query),
  };
}
