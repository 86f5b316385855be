import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Premia keeps its data when nothing else is said: the same folder Electron's
 * app.getPath('userData') gives for productName "Premia", so the app and the CLI share it.
 * PREMIA_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const override = env.PREMIA_DATA_DIR;
  if (override !== undefined && override.trim() !== '') return override;
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Premia');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Premia');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Premia');
}
