import type { Command } from './io';

/** A command the registry names and describes without loading its module. */
export interface LazyCommand {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
  /** It opens a profile, so it will write (at least its audited sign-in): start the writer early. */
  readonly opensProfile: boolean;
}

export function lazy(
  name: string,
  summary: string,
  load: () => Promise<Command>,
  options: { readonly opensProfile?: boolean } = {},
): LazyCommand {
  return { name, summary, load, opensProfile: options.opensProfile ?? false };
}

/** The command itself: imported now if the registry only named it. */
export function loadCommand(entry: Command | LazyCommand): Promise<Command> {
  return 'load' in entry ? entry.load() : Promise.resolve(entry);
}
