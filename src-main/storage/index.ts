/** Storage's public API: what the rest of main (vault, scan engine, IPC, CLI) imports. */
export { Storage } from './storage';
export { createWriterClient, type WriterClient } from './writer-client';
export { estimateRunBytes, type ExportInfo } from './storage-files';
export type { ExportFormat } from './export';
export { RETENTION_DAYS_SETTING, type RunId, type RunSummary } from './records';
export type { ResultQuery } from './results-query';
export { BackupIdSchema, listOwnBackups, ownBackupPath, type OwnBackup } from './own-backups';
export type { ExportOptions } from './export';
export type { ChartPoint, ChartQuery } from './reader';
