import { readPackageVersion } from '../../app/package-info';
import { EXIT_OK, type Command } from '../io';

export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the Premia version',
  usage: 'premia version [--json]',
  run(_args, globals, io) {
    const version = readPackageVersion();
    io.stdout.write(
      globals.json ? `${JSON.stringify({ name: 'Premia', version })}\n` : `Premia ${version}\n`,
    );
    return Promise.resolve(EXIT_OK);
  },
};
