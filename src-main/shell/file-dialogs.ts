import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { FileDialogFilter, FileDialogs } from '../app/dialogs';

function toElectron(filters: readonly FileDialogFilter[]): FileFilter[] {
  return filters.map((filter) => ({ name: filter.name, extensions: [...filter.extensions] }));
}

/**
 * Electron's native file dialogs, shown by the main process over the app window. The renderer
 * only asks for a dialog; the path the trader picks goes straight to the service, never through
 * the renderer, so a page cannot name a file of its own choosing.
 */
export function electronFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async chooseFileToOpen({ title, filters }) {
      const options = {
        title,
        filters: toElectron(filters),
        properties: ['openFile' as const, 'dontAddToRecent' as const],
      };
      const parent = window();
      const result =
        parent === null
          ? await dialog.showOpenDialog(options)
          : await dialog.showOpenDialog(parent, options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFileToSave({ title, defaultPath, filters }) {
      const options = { title, defaultPath, filters: toElectron(filters) };
      const parent = window();
      const result =
        parent === null
          ? await dialog.showSaveDialog(options)
          : await dialog.showSaveDialog(parent, options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}
