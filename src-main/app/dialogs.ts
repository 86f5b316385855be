// src-main/app/dialogs.ts
/** Main-process file dialogs, supplied by the Electron shell (absent in the CLI and tests). */
export interface FileDialogFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

export interface FileDialogs {
  /** Resolves the chosen file's path, or null when the user cancels. */
  chooseFileToOpen(options: {
    readonly title: string;
    readonly filters: readonly FileDialogFilter[];
  }): Promise<string | null>;
  /** Resolves the path to save to, or null when the user cancels. */
  chooseFileToSave(options: {
    readonly title: string;
    readonly defaultPath: string;
    readonly filters: readonly FileDialogFilter[];
  }): Promise<string | null>;
}
