import type { ProfileId } from '../../src-preload/contract';
import type { ResultQuery, RunId, RunSummary, Storage } from '../storage';
import type { ProfileAccess } from '../domain/access';
import type { ChartQuery } from '../storage/reader';
import type { RunComparison, RunComparisonRequest } from '../storage/run-comparison';
import type { AuditLog } from '../vault/audit';

export interface RunsServiceDeps {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly access: ProfileAccess;
}

/** Where a request came from, for the audit log's sentence. */
export type RequestOrigin = 'app' | 'cli';

export const VIA: Record<RequestOrigin, string> = { app: '', cli: ' from the command line' };

/**
 * A profile's past scans: list, read, compare, delete (exports are RunExports'). The rules live
 * here, not in the IPC handler or the CLI command: the profile must be unlocked, and a deletion
 * is audited.
 * Works with no broker connection (everything is read from the profile's own database).
 */
export class RunsService {
  constructor(private readonly deps: RunsServiceDeps) {}

  async list(profileId: ProfileId, page: { readonly limit: number; readonly before?: RunId }) {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.storage.listRuns(profileId, page);
  }

  async get(profileId: ProfileId, runId: RunId): Promise<RunSummary> {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.storage.getRun(profileId, runId);
  }

  async results(profileId: ProfileId, query: ResultQuery) {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.storage.queryResults(profileId, query);
  }

  /** One underlying's strikes of a finished run for the results chart (every strike, no cap). */
  async chart(profileId: ProfileId, query: ChartQuery) {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.storage.chartPoints(profileId, query);
  }

  /** The expiry dates each run scanned (unknown ids are skipped). */
  async expiries(profileId: ProfileId, runIds: readonly RunId[]) {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.storage.runExpiries(profileId, runIds);
  }

  /** Two finished runs of this profile compared strike by strike (every row, no cap). */
  async compare(profileId: ProfileId, request: RunComparisonRequest): Promise<RunComparison> {
    this.deps.access.requireUnlocked(profileId);
    return this.deps.storage.compareRuns(profileId, request);
  }

  async delete(
    profileId: ProfileId,
    runId: RunId,
    origin: RequestOrigin = 'app',
  ): Promise<{ resultsDeleted: number }> {
    this.deps.access.requireUnlocked(profileId);
    const deleted = await this.deps.storage.deleteRun(profileId, runId);
    await this.deps.audit.record(profileId, {
      action: 'run-deleted',
      outcome: 'success',
      detail: `Scan #${runId} deleted (${deleted.resultsDeleted} rows)${VIA[origin]}.`,
    });
    return deleted;
  }
}
