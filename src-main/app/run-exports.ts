import type { ProfileId } from '../../src-preload/contract';
import { type ExportFormat, type ResultQuery, type Storage } from '../storage';
import { toRunId } from '../storage/records';
import type { ProfileAccess } from '../domain/access';
import type { AuditLog } from '../vault/audit';
import type { FileDialogs } from './dialogs';
import { VIA, type RequestOrigin } from './runs-service';

export interface RunExportRequest {
  readonly runId: number;
  readonly format: ExportFormat;
  readonly filter?: ResultQuery['filter'];
  readonly sort?: ResultQuery['sort'];
  /** A path given on the command line (never from a renderer: the contract has no such field). */
  readonly destination?: string;
}

export type RunExportOutcome =
  | { readonly cancelled: true; readonly path: null; readonly rows: 0; readonly bytes: 0 }
  | {
      readonly cancelled: false;
      readonly path: string;
      readonly rows: number;
      readonly bytes: number;
    };

export interface RunExportsDeps {
  readonly storage: Storage;
  readonly audit: AuditLog;
  /** The service checks access itself, like RunsService: not only the window session or the CLI. */
  readonly access: ProfileAccess;
  /** The shell's save dialog; without one (tests of main alone) exports go to exports/. */
  readonly dialogs?: FileDialogs;
  /** The shell's "show in folder"; absent where there is no desktop. */
  readonly showItemInFolder?: (path: string) => void;
}

const CANCELLED = { cancelled: true, path: null, rows: 0, bytes: 0 } as const;

/** `premia-scan-12-NIFTY-calls.csv`: says what is in the file before it is opened. */
function suggestedName(request: RunExportRequest): string {
  const parts = [`premia-scan-${request.runId}`];
  const underlyings = request.filter?.underlyings ?? [];
  if (underlyings.length === 1 && underlyings[0] !== undefined) parts.push(underlyings[0]);
  if (request.filter?.optionType === 'CE') parts.push('calls');
  if (request.filter?.optionType === 'PE') parts.push('puts');
  if (request.filter?.passesFilters === undefined) parts.push('all-rows');
  return `${parts.join('-').replace(/[^A-Za-z0-9&_-]/g, '_')}.${request.format}`;
}

/**
 * Exports from the results screen: what the screen shows, to a file the trader picks in the
 * main process's own save dialog (a renderer never names a path), and "show in folder" for that
 * one file only. Remembers the last export per profile, never a path the renderer sent.
 */
export class RunExports {
  private readonly lastExport = new Map<ProfileId, string>();

  constructor(private readonly deps: RunExportsDeps) {}

  async export(
    profileId: ProfileId,
    request: RunExportRequest,
    origin: RequestOrigin = 'app',
  ): Promise<RunExportOutcome> {
    this.deps.access.requireUnlocked(profileId);
    const runId = toRunId(request.runId);
    // Fails early (not found, still running) before a dialog asks where to save.
    await this.deps.storage.getRun(profileId, runId);
    let destination = request.destination;
    if (destination === undefined && this.deps.dialogs !== undefined) {
      const chosen = await this.deps.dialogs.chooseFileToSave({
        title: `Export scan #${runId}`,
        defaultPath: suggestedName(request),
        filters: [
          request.format === 'csv'
            ? { name: 'CSV (spreadsheets)', extensions: ['csv'] }
            : { name: 'JSON', extensions: ['json'] },
        ],
      });
      if (chosen === null) return CANCELLED;
      destination = chosen;
    }
    const query =
      request.filter === undefined && request.sort === undefined
        ? undefined
        : {
            ...(request.filter === undefined ? {} : { filter: request.filter }),
            ...(request.sort === undefined ? {} : { sort: request.sort }),
          };
    const exported = await this.deps.storage.exportRun(profileId, runId, request.format, {
      ...(query === undefined ? {} : { query }),
      // A dialog has already asked about replacing a file; a typed path has not.
      ...(destination === undefined
        ? {}
        : { destination, replace: request.destination === undefined }),
    });
    this.lastExport.set(profileId, exported.path);
    await this.deps.audit.record(profileId, {
      action: 'run-exported',
      outcome: 'success',
      detail: `Scan #${runId} exported as ${request.format} (${exported.rows} rows)${VIA[origin]}.`,
    });
    return { cancelled: false, ...exported };
  }

  /** Opens the file manager at this profile's last export; false when there is none to show. */
  showLastExport(profileId: ProfileId): boolean {
    this.deps.access.requireUnlocked(profileId);
    const path = this.lastExport.get(profileId);
    if (path === undefined || this.deps.showItemInFolder === undefined) return false;
    this.deps.showItemInFolder(path);
    return true;
  }
}
