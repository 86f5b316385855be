import { runtimeAbi } from '../../app/native-modules';
import { EXIT_FAILED, EXIT_OK, type Command } from '../io';
import { openPremia } from '../premia-for-cli';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check this machine: native modules and their ABI, OS keychain, data directory, disk',
  usage: 'premia doctor [--json]',
  async run(_args, globals, io) {
    const premia = await openPremia(globals, io);
    try {
      const health = await premia.app.health();
      const abi = runtimeAbi();
      if (globals.json) {
        io.stdout.write(
          `${JSON.stringify({ ...health, abi, dataDir: premia.dataDir, logFile: premia.app.logFile() }, null, 2)}\n`,
        );
        return health.ok ? EXIT_OK : EXIT_FAILED;
      }
      const lines = [
        `Premia doctor`,
        `  runtime         ${abi.runtime} (NODE_MODULE_VERSION ${abi.runtimeAbi})`,
        abi.electron === null
          ? '  electron        not installed (the CLI and tests do not need it)'
          : `  electron        ${abi.electron.version} (NODE_MODULE_VERSION ${abi.electron.abi ?? '?'}), binary ${
              abi.electron.binaryPresent ? 'present' : 'not downloaded'
            }`,
        `  data directory  ${premia.dataDir}`,
        `  log file        ${premia.app.logFile() ?? 'none (terminal only)'}`,
      ];
      for (const check of health.checks) {
        lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(22)} ${check.detail}`);
      }
      lines.push(
        health.ok ? 'Everything Premia needs is in place.' : 'Some checks failed: see FAIL above.',
      );
      io.stdout.write(`${lines.join('\n')}\n`);
      return health.ok ? EXIT_OK : EXIT_FAILED;
    } finally {
      await premia.close();
    }
  },
};
