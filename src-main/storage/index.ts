/** Storage's public API: what the rest of main (vault, scan engine, IPC, CLI) imports. */
export { Storage, type AppendReceipt, type StorageOptions } from './storage';
export type { Page } from './storage-input';
export {
  estimateRunBytes,
  type BackupInfo,
  type ExportInfo,
  type RestoreInfo,
  type RetentionReport,
} from './storage-files';
export type { ExportFormat, ExportOptions } from './export';
export type { ChartPoint, ChartQuery, InstrumentFilter, ResultsPage } from './reader';
export {
  RETENTION_DAYS_SETTING,
  toRunId,
  type AuditEntry,
  type AuditInput,
  type InstrumentRow,
  type JsonValue,
  type RunError,
  type RunFinish,
  type RunId,
  type RunOutcome,
  type RunSource,
  type RunStart,
  type RunStatus,
  type RunSummary,
} from './records';
export {
  RESULT_COLUMNS,
  RESULT_RANGE_COLUMNS,
  RESULT_SORT_COLUMNS,
  type OptionType,
  type PremiumSource,
  type ResultBatch,
  type ResultBatchInput,
  type ResultRangeColumn,
  type ResultRow,
  type ResultSortColumn,
} from './result-row';
export { ResultQuerySchema, type ResultQuery, type ResultRecord } from './results-query';
export type { WorkspacePaths, WorkspaceUsage } from './workspace';
export { LATEST_SCHEMA_VERSION } from './migrations';
