import type { Command } from './io';

/** A command the registry names and describes without loading its module. */
export interface LazyCommand {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export function lazy(name: string, summary: string, load: () => Promise<Command>): LazyCommand {
  return { name, summary, load };
}

/** The command itself: imported now if the registry only named it. */
export function loadCommand(entry: Command | LazyCommand): Promise<Command> {
  return 'load' in entry ? entry.load() : Promise.resolve(entry);
}
