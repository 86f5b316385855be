import { create } from 'zustand';
import type { PremiaError, WorkspaceUsageView } from '../../src-preload/contract';
import type { AgentStorageSchema } from '../../src-preload/contract/domains/agents';
import type { z } from 'zod';

type AgentStorage = z.infer<typeof AgentStorageSchema>;
import { premiaApi } from '../api';
import { latestOnly } from './latest-only';
import { noticeSessionError, resetWhenProfileCloses } from './session-store';

export interface OwnBackupView {
  readonly id: string;
  readonly at: string;
  readonly bytes: number;
}

export interface ProfileUsage extends WorkspaceUsageView {
  readonly name: string;
  readonly quotaBytes: number;
}

/** The last thing done to the workspace, said in a sentence on screen. */
export type WorkspaceOutcome = { readonly ok: boolean; readonly text: string } | null;

export interface WorkspaceState {
  readonly usage: WorkspaceUsageView | null;
  /** This profile's own log file (where "the details are in the log" points). */
  readonly logFile: string | null;
  readonly quotaBytes: number | null;
  readonly retentionDays: number | null;
  /** What this profile's agents keep in its database. */
  readonly agents: AgentStorage | null;
  /** Owner only: every profile's sizes (no content). */
  readonly everyone: readonly ProfileUsage[];
  /** This profile's own backups, newest first. */
  readonly backups: readonly OwnBackupView[];
  readonly outcome: WorkspaceOutcome;
  readonly error: PremiaError | null;
  load(isOwner: boolean): Promise<void>;
  backup(): Promise<void>;
  /** One of the profile's own backups, by id. */
  restore(backupId: string): Promise<void>;
  /** A file picked in the app's own file dialog (main process). */
  restoreFromFile(): Promise<void>;
  setRetention(days: number | null): Promise<void>;
  reset(): void;
}

export const useWorkspaceStore = create<WorkspaceState>()((set, get) => {
  function failed(error: PremiaError): void {
    set({ outcome: { ok: false, text: error.message } });
    noticeSessionError(error);
  }
  // Usage loads overtaken by a newer one, or by a reset (profile closed), are dropped.
  const usageLoad = latestOnly();
  async function reload(): Promise<void> {
    const ticket = usageLoad.next();
    const result = await premiaApi().workspace.usage();
    if (!usageLoad.isCurrent(ticket)) return;
    if (result.ok) set({ ...result.value, error: null });
    const backups = await premiaApi().workspace.listBackups();
    if (usageLoad.isCurrent(ticket) && backups.ok) set({ backups: backups.value });
  }
  function restored(kept: string | null): void {
    set({
      outcome: {
        ok: true,
        text: `Restored.${kept === null ? '' : ` The replaced database is kept at ${kept}.`}`,
      },
    });
  }
  return {
    usage: null,
    logFile: null,
    quotaBytes: null,
    retentionDays: null,
    agents: null,
    everyone: [],
    backups: [],
    outcome: null,
    error: null,

    async load(isOwner) {
      const ticket = usageLoad.next();
      const result = await premiaApi().workspace.usage();
      if (!usageLoad.isCurrent(ticket)) return;
      if (!result.ok) {
        set({ error: result.error });
        noticeSessionError(result.error);
        return;
      }
      set({ ...result.value, error: null });
      const backups = await premiaApi().workspace.listBackups();
      if (usageLoad.isCurrent(ticket) && backups.ok) set({ backups: backups.value });
      if (!isOwner) return;
      const all = await premiaApi().workspace.usageAll();
      if (usageLoad.isCurrent(ticket) && all.ok) set({ everyone: all.value });
    },

    async backup() {
      const result = await premiaApi().workspace.backup();
      if (!result.ok) return failed(result.error);
      set({ outcome: { ok: true, text: `Backed up to ${result.value.path}` } });
      await reload();
    },

    async restore(backupId) {
      const result = await premiaApi().workspace.restore({ backupId });
      if (!result.ok) return failed(result.error);
      restored(result.value.safetyCopy);
      await reload();
    },

    async restoreFromFile() {
      const result = await premiaApi().workspace.restoreFromFile();
      if (!result.ok) return failed(result.error);
      if (result.value === null) return;
      restored(result.value.safetyCopy);
      await reload();
    },

    async setRetention(days) {
      const result = await premiaApi().workspace.setRetention({ days });
      if (!result.ok) return failed(result.error);
      const { runsDeleted } = result.value;
      set({
        retentionDays: result.value.retentionDays,
        outcome: {
          ok: true,
          text:
            days === null
              ? 'Every scan is kept.'
              : `Scans older than ${days} days are deleted${runsDeleted > 0 ? ` (${runsDeleted} deleted now)` : ''}.`,
        },
      });
      await reload();
      if (get().everyone.length > 0) await get().load(true);
    },

    reset: () => {
      usageLoad.next();
      set({
        usage: null,
        logFile: null,
        quotaBytes: null,
        retentionDays: null,
        agents: null,
        everyone: [],
        backups: [],
        outcome: null,
      });
    },
  };
});

resetWhenProfileCloses(() => useWorkspaceStore.getState().reset());
