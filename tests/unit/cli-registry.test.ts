import { describe, expect, it } from 'vitest';
import { loadCommand } from '../../src-main/cli/lazy-command';
import { COMMANDS } from '../../src-main/cli/main';

describe('the CLI command registry', () => {
  // The registry repeats each summary so `premia --help` loads no command module; a summary
  // edited in one place only would make --help and `premia <command> --help` disagree.
  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))(
    '%s loads a command with the name and summary the help lists',
    async (name, entry) => {
      const command = await loadCommand(entry);
      expect(command.name).toBe(name);
      expect(command.summary).toBe(entry.summary);
      expect(command.usage).not.toBe('');
    },
  );
});
