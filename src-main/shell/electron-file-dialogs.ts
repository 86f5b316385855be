import { app, BrowserWindow, dialog, type FileFilter } from 'electron';
import { isAbsolute, join } from 'node:path';
import type { FileDialogFilter, FileDialogs } from '../app/dialogs';

function electronFilters(filters: readonly FileDialogFilter[]): FileFilter[] {
  return filters.map((filter) => ({ name: filter.name, extensions: [...filter.extensions] }));
}

/**
 * The main process's own open/save dialogs, modal to the focused Premia window. The path comes
 * from the operating system's dialog, never from the renderer. A bare file name is suggested in
 * the user's Downloads folder.
 */
export function createElectronFileDialogs(): FileDialogs {
  const parent = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? undefined;
  return {
    async chooseFileToOpen(options) {
      const window = parent();
      const settings = {
        title: options.title,
        filters: electronFilters(options.filters),
        properties: ['openFile' as const],
      };
      const result = await (window === undefined
        ? dialog.showOpenDialog(settings)
        : dialog.showOpenDialog(window, settings));
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFileToSave(options) {
      const window = parent();
      const settings = {
        title: options.title,
        defaultPath: isAbsolute(options.defaultPath)
          ? options.defaultPath
          : join(app.getPath('downloads'), options.defaultPath),
        filters: electronFilters(options.filters),
      };
      const result = await (window === undefined
        ? dialog.showSaveDialog(settings)
        : dialog.showSaveDialog(window, settings));
      return result.canceled || result.filePath === undefined || result.filePath === ''
        ? null
        : result.filePath;
    },
  };
}
