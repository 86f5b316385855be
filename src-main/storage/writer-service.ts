import { existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { LogFields, LogLevel } from '../app/logger';
import { classifyError, StorageFailure } from './errors';
import { applyJournalWrite } from './journal-writes';
import { applyAgentWrite } from './agent-writes';
import { ProfileWriter } from './profile-writer';
import { ResultAppender } from './result-appender';
import type { WriterConfig, WriterMessage, WriterOps, WriterRequest } from './protocol';
import { copyDatabaseFiles, copyRestoreSource, removeDatabaseFiles } from './restore-file';
import { buildRestoredDatabase, foldCopiedWal, inspectRestoreSource } from './restore-rows';
import { acquireWorkspaceLock, releaseWorkspaceLock } from './writer-lock';
import { prepareWorkspace, workspacePaths, type WorkspacePaths } from './workspace';

/** Requests of one profile run in order; while a backup or restore runs, later ones wait here. */
interface Gate {
  busy: boolean;
  readonly queue: WriterRequest[];
}

type Send = (message: WriterMessage) => void;

/**
 * The writer thread's brain: owns every writable connection, executes requests one at a time
 * per profile, and answers each with its sequence number. Synchronous operations complete
 * before the next message is read; the asynchronous ones (backup, restore) close the profile's
 * gate so its later requests queue up instead of interleaving.
 */
export class WriterService {
  private readonly profiles = new Map<ProfileId, ProfileWriter>();
  private readonly appenders = new Map<ProfileId, ResultAppender>();
  private flushScheduled = false;
  private readonly gates = new Map<string, Gate>();
  private pendingShutdown: number | null = null;

  constructor(
    private readonly config: WriterConfig,
    private readonly send: Send,
  ) {}

  private log(level: LogLevel, event: string, fields: LogFields = {}): void {
    this.send({ type: 'log', level, event, fields });
  }

  receive(request: WriterRequest): void {
    if (request.op === 'shutdown') {
      this.pendingShutdown = request.seq;
      this.shutdownWhenIdle();
      return;
    }
    const gate = this.gateFor(request.payload.profileId);
    if (gate.busy) gate.queue.push(request);
    else this.run(request, gate);
  }

  private gateFor(key: string): Gate {
    let gate = this.gates.get(key);
    if (gate === undefined) {
      gate = { busy: false, queue: [] };
      this.gates.set(key, gate);
    }
    return gate;
  }

  private replyError(seq: number, error: unknown, folder: string | undefined): void {
    this.send({ type: 'reply', seq, ok: false, error: classifyError(error, folder) });
  }

  private run(request: WriterRequest, gate: Gate): void {
    const folder = this.folderOf(request);
    if (request.op === 'appendResults') {
      const { profileId, runId, batch } = request.payload;
      try {
        this.appender(profileId).enqueue(request.seq, runId, batch);
        this.scheduleFlush();
      } catch (error) {
        this.replyError(request.seq, error, folder);
      }
      return;
    }
    let outcome: unknown;
    try {
      // Everything else sees the rows appended before it: finishRun after the last batch.
      this.appenders.get(request.payload.profileId)?.flush();
      outcome = this.execute(request);
    } catch (error) {
      this.replyError(request.seq, error, folder);
      return;
    }
    if (!(outcome instanceof Promise)) {
      this.send({ type: 'reply', seq: request.seq, ok: true, value: outcome ?? null });
      return;
    }
    gate.busy = true;
    outcome
      .then(
        (value: unknown) => this.send({ type: 'reply', seq: request.seq, ok: true, value }),
        (error: unknown) => this.replyError(request.seq, error, folder),
      )
      .finally(() => {
        gate.busy = false;
        this.drain(gate);
      });
  }

  private drain(gate: Gate): void {
    while (!gate.busy) {
      const next = gate.queue.shift();
      if (next === undefined) break;
      this.run(next, gate);
    }
    this.shutdownWhenIdle();
  }

  private folderOf(request: WriterRequest): string | undefined {
    if (request.op === 'shutdown') return undefined;
    try {
      return workspacePaths(this.config.dataDir, request.payload.profileId).root;
    } catch {
      return undefined;
    }
  }

  private execute(request: WriterRequest): unknown {
    switch (request.op) {
      case 'open':
        return this.open(request.payload.profileId, request.payload.now);
      case 'release':
        return this.release(request.payload.profileId);
      case 'createRun':
        return { runId: this.writer(request.payload.profileId).createRun(request.payload.run) };
      case 'appendResults':
        throw new StorageFailure('internal', 'appendResults goes through the appender');
      case 'finishRun':
        return this.writer(request.payload.profileId).finishRun(
          request.payload.runId,
          request.payload.finish,
        );
      case 'deleteRun':
        return this.writer(request.payload.profileId).deleteRun(request.payload.runId);
      case 'appendAudit':
        return { id: this.writer(request.payload.profileId).appendAudit(request.payload) };
      case 'importAudit':
        return this.writer(request.payload.profileId).importAudit(request.payload);
      case 'replaceInstruments': {
        const { profileId, tradingDay, columns } = request.payload;
        return this.writer(profileId).replaceInstruments(tradingDay, columns);
      }
      case 'setSetting':
        return this.writer(request.payload.profileId).setSetting(
          request.payload.key,
          request.payload.valueJson,
        );
      case 'applyRetention':
        return this.writer(request.payload.profileId).applyRetention(request.payload.cutoff);
      case 'journal':
        return applyJournalWrite(this.writer(request.payload.profileId).db, request.payload.write);
      case 'agents':
        return applyAgentWrite(this.writer(request.payload.profileId).db, request.payload.write);
      case 'backup':
        return this.backup(request.payload.profileId, request.payload.destination);
      case 'restore':
        return this.restore(request.payload);
    }
  }

  private paths(profileId: ProfileId): WorkspacePaths {
    return workspacePaths(this.config.dataDir, profileId);
  }

  /**
   * The profile's open writer. Storage opens a profile before writing to it, but a writer
   * restarted after a crash has not: it opens the profile here (migrations and recovery
   * included) rather than fail a write that main rightly believes it may send.
   */
  private writer(profileId: ProfileId): ProfileWriter {
    const writer = this.profiles.get(profileId);
    if (writer !== undefined) return writer;
    this.open(profileId, new Date().toISOString());
    const opened = this.profiles.get(profileId);
    if (opened === undefined)
      throw new StorageFailure('internal', `profile ${profileId} did not open`);
    return opened;
  }

  private appender(profileId: ProfileId): ResultAppender {
    const appender = this.appenders.get(profileId);
    if (appender !== undefined) return appender;
    const created = new ResultAppender(this.writer(profileId), this.config.rowsPerTransaction, {
      ok: (seq, value) => this.send({ type: 'reply', seq, ok: true, value }),
      failed: (seq, error) => this.replyError(seq, error, this.paths(profileId).root),
    });
    this.appenders.set(profileId, created);
    return created;
  }

  /**
   * Appends wait for the end of the current turn of the event loop: every message that arrived
   * while the last transaction was committing is read first, so they commit together.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      for (const appender of this.appenders.values()) appender.flush();
    });
  }

  private open(profileId: ProfileId, now: string): WriterOps['open']['value'] {
    const existing = this.profiles.get(profileId);
    if (existing !== undefined) {
      return {
        schemaVersion: existing.migration.to,
        migratedFrom: existing.migration.from,
        interruptedRuns: [],
      };
    }
    const paths = this.paths(profileId);
    prepareWorkspace(paths);
    acquireWorkspaceLock(paths.lockFile, this.config.ownerId);
    let writer: ProfileWriter;
    let interruptedRuns: number[];
    try {
      writer = ProfileWriter.open(paths, {
        busyTimeoutMs: this.config.busyTimeoutMs,
        ...(this.config.maxDatabasePages === undefined
          ? {}
          : { maxPages: this.config.maxDatabasePages }),
      });
      try {
        interruptedRuns = writer.recoverInterrupted(now);
      } catch (error) {
        writer.close();
        throw error;
      }
    } catch (error) {
      releaseWorkspaceLock(paths.lockFile, this.config.ownerId);
      throw error;
    }
    this.profiles.set(profileId, writer);
    const { from, to } = writer.migration;
    this.log('info', 'writer.opened', { profileId, schemaVersion: to, migratedFrom: from });
    if (interruptedRuns.length > 0) {
      this.log('warn', 'writer.runs-interrupted', { profileId, runIds: interruptedRuns });
    }
    return { schemaVersion: to, migratedFrom: from, interruptedRuns };
  }

  private forget(profileId: ProfileId): void {
    this.appenders.get(profileId)?.flush();
    this.appenders.delete(profileId);
    this.profiles.delete(profileId);
  }

  private release(profileId: ProfileId): null {
    const writer = this.profiles.get(profileId);
    this.forget(profileId);
    try {
      writer?.close();
    } finally {
      releaseWorkspaceLock(this.paths(profileId).lockFile, this.config.ownerId);
    }
    return null;
  }

  private async backup(
    profileId: ProfileId,
    destination: string,
  ): Promise<WriterOps['backup']['value']> {
    const metadata = await this.writer(profileId).backup(destination);
    this.log('info', 'writer.backup', { profileId, pages: metadata.totalPages });
    return { pages: metadata.totalPages };
  }

  /**
   * Builds the restored database beside the live one first (the live one is untouched if the
   * source is refused or anything fails), keeps a safety copy of the current database, then swaps
   * the files and reopens, which marks the backup's unfinished runs interrupted.
   */
  private async restore(
    payload: WriterOps['restore']['payload'],
  ): Promise<WriterOps['restore']['value']> {
    const { profileId, safetyCopy, now } = payload;
    const paths = this.paths(profileId);
    prepareWorkspace(paths);
    acquireWorkspaceLock(paths.lockFile, this.config.ownerId);
    try {
      const staging = this.stageRestore(paths, payload);
      const kept = await this.swapInRestore(paths, staging, safetyCopy);
      const opened = this.open(profileId, now);
      this.log('info', 'writer.restored', { profileId, schemaVersion: opened.schemaVersion });
      return { schemaVersion: opened.schemaVersion, safetyCopy: kept };
    } catch (error) {
      if (!this.profiles.has(profileId)) releaseWorkspaceLock(paths.lockFile, this.config.ownerId);
      throw error;
    }
  }

  /** Copies, inspects and rebuilds the source into `<db>.restoring`; returns that path. */
  private stageRestore(paths: WorkspacePaths, payload: WriterOps['restore']['payload']): string {
    const { profileId, source, ownBackup, maxBytes } = payload;
    const label = basename(source);
    const incoming = `${paths.database}.incoming`;
    const staging = `${paths.database}.restoring`;
    try {
      if (copyRestoreSource(source, incoming, maxBytes)) foldCopiedWal(incoming, label);
      const inspected = inspectRestoreSource(incoming, label);
      if (inspected.owner !== null && inspected.owner !== profileId) {
        throw new StorageFailure(
          'not_allowed',
          `restore source belongs to profile ${inspected.owner}`,
          `"${label}" is a backup of another profile, so it was not restored. A profile can restore only its own backups.`,
        );
      }
      if (inspected.owner === null && !ownBackup) {
        throw new StorageFailure(
          'not_allowed',
          'restore source names no profile',
          `"${label}" does not say which profile it belongs to (it was made by an older Premia), so it can be restored only from this profile's own backups list.`,
        );
      }
      removeDatabaseFiles(staging);
      buildRestoredDatabase(incoming, staging, inspected, profileId, label);
      return staging;
    } catch (error) {
      removeDatabaseFiles(staging);
      throw error;
    } finally {
      removeDatabaseFiles(incoming);
    }
  }

  private async swapInRestore(
    paths: WorkspacePaths,
    staging: string,
    safetyCopy: string,
  ): Promise<string | null> {
    let kept: string | null = null;
    try {
      const live = this.profiles.get(paths.profileId);
      if (live !== undefined) {
        await live.backup(safetyCopy);
        kept = safetyCopy;
        this.forget(paths.profileId);
        live.close();
      } else if (existsSync(paths.database)) {
        // Not open: typically damaged. Keep its bytes as they are, for whoever wants to look.
        copyDatabaseFiles(paths.database, safetyCopy);
        kept = safetyCopy;
      }
      removeDatabaseFiles(paths.database, false);
      removeDatabaseFiles(staging, false);
      renameSync(staging, paths.database);
    } catch (error) {
      removeDatabaseFiles(staging);
      throw error;
    }
    return kept;
  }

  private shutdownWhenIdle(): void {
    const seq = this.pendingShutdown;
    if (seq === null) return;
    for (const gate of this.gates.values()) if (gate.busy || gate.queue.length > 0) return;
    this.pendingShutdown = null;
    const failures: string[] = [];
    for (const profileId of [...this.profiles.keys()]) {
      try {
        this.release(profileId);
      } catch (error) {
        failures.push(`${profileId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) this.log('error', 'writer.close-failed', { failures });
    this.send({ type: 'reply', seq, ok: true, value: null });
  }
}

/** Starts serving requests on `port` (the worker's parentPort). */
export function runWriter(port: MessagePort, config: WriterConfig): WriterService {
  const service = new WriterService(config, (message) => port.postMessage(message));
  port.on('message', (request: WriterRequest) => service.receive(request));
  port.postMessage({ type: 'ready' } satisfies WriterMessage);
  return service;
}

/**
 * The config main started the thread with, checked by hand: zod would cost the writer thread a
 * few tens of milliseconds to load, and every CLI command waits for this thread's first write.
 */
export function parseWriterConfig(data: unknown): WriterConfig {
  const config = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const { dataDir, ownerId, rowsPerTransaction, busyTimeoutMs, maxDatabasePages } = config;
  const count = (value: unknown, least: number): value is number =>
    Number.isSafeInteger(value) && (value as number) >= least;
  if (
    typeof dataDir !== 'string' ||
    dataDir === '' ||
    typeof ownerId !== 'string' ||
    ownerId === '' ||
    !count(rowsPerTransaction, 1) ||
    !count(busyTimeoutMs, 0) ||
    (maxDatabasePages !== undefined && !count(maxDatabasePages, 1))
  ) {
    throw new TypeError(
      `the writer thread was started with an invalid config: ${JSON.stringify(data)}`,
    );
  }
  return {
    dataDir,
    ownerId,
    rowsPerTransaction,
    busyTimeoutMs,
    ...(maxDatabasePages === undefined ? {} : { maxDatabasePages }),
  };
}

/** The writer thread's main: serves its parent with the config it was started with. */
export function startWriterThread(): WriterService {
  if (parentPort === null) throw new Error('the writer must run as a worker thread');
  return runWriter(parentPort, parseWriterConfig(workerData));
}
