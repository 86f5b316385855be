import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import { ProfileReader } from './reader';
import type { WriterClient } from './writer-client';
import { parseProfileId, workspacePaths, type WorkspacePaths } from './workspace';

/** Readers wait on the writer at most this long (only a checkpoint or recovery holds them). */
const READER_BUSY_TIMEOUT_MS = 2_000;

interface OpenProfile {
  readonly paths: WorkspacePaths;
  /** The writer thread generation that opened (migrated) this profile. */
  readonly generation: number;
  readonly reader: ProfileReader;
}

/**
 * Main's side of each profile: it asks the writer to open (create, migrate, recover) the
 * database, and only then opens a read-only connection. A restore or a deletion takes the
 * profile exclusively: readers are closed, and anyone who wants the profile meanwhile waits and
 * then gets connections to the new file.
 */
export class ProfileConnections {
  private readonly open = new Map<ProfileId, OpenProfile>();
  private readonly opening = new Map<ProfileId, Promise<OpenProfile | null>>();
  private readonly exclusive = new Map<ProfileId, Promise<void>>();
  /** Bumped by every exclusive section: an open that straddles one is discarded. */
  private readonly epochs = new Map<ProfileId, number>();

  constructor(
    private readonly dataDir: string,
    private readonly writer: WriterClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  paths(profileId: string): WorkspacePaths {
    return workspacePaths(this.dataDir, parseProfileId(profileId));
  }

  /** The workspace folder of a profile id, or undefined for an id that is not valid. */
  rootOf(profileId: string): string | undefined {
    try {
      return this.paths(profileId).root;
    } catch {
      return undefined;
    }
  }

  /** The profile opened by the current writer thread, with a reader on it. */
  private async entry(profileId: string): Promise<OpenProfile> {
    const id = parseProfileId(profileId);
    for (;;) {
      const barrier = this.exclusive.get(id);
      if (barrier !== undefined) {
        await barrier;
        continue;
      }
      const known = this.open.get(id);
      if (
        known !== undefined &&
        known.generation === this.writer.generation &&
        this.writer.running
      ) {
        return known;
      }
      let opening = this.opening.get(id);
      if (opening === undefined) {
        opening = this.openProfile(id, known).finally(() => this.opening.delete(id));
        this.opening.set(id, opening);
      }
      const opened = await opening;
      if (opened !== null && this.open.get(id) === opened) return opened;
    }
  }

  private async openProfile(
    id: ProfileId,
    known: OpenProfile | undefined,
  ): Promise<OpenProfile | null> {
    const epoch = this.epochs.get(id) ?? 0;
    const opened = await this.writer.call('open', {
      profileId: id,
      now: this.clock.now().toISOString(),
    });
    if ((this.epochs.get(id) ?? 0) !== epoch) return null;
    if (opened.interruptedRuns.length > 0) {
      this.logger.warn('storage.runs-interrupted', {
        profileId: id,
        runIds: opened.interruptedRuns,
      });
    }
    const paths = workspacePaths(this.dataDir, id);
    const reader =
      known !== undefined && known.reader.isOpen
        ? known.reader
        : ProfileReader.open(paths.database, READER_BUSY_TIMEOUT_MS);
    const entry: OpenProfile = { paths, generation: this.writer.generation, reader };
    this.open.set(id, entry);
    return entry;
  }

  /** Opens the profile for writing (first use creates and migrates it); returns its paths. */
  async ready(profileId: string): Promise<WorkspacePaths> {
    return (await this.entry(profileId)).paths;
  }

  /**
   * Runs a synchronous read on the profile's reader. The check that the reader is still the
   * current one and the read itself happen in one turn, so a restore cannot close it between.
   */
  async read<T>(
    profileId: string,
    use: (reader: ProfileReader, paths: WorkspacePaths) => T,
  ): Promise<T> {
    for (;;) {
      const entry = await this.entry(profileId);
      if (this.open.get(entry.paths.profileId) === entry && entry.reader.isOpen) {
        return use(entry.reader, entry.paths);
      }
    }
  }

  /** A separate read-only connection for long reads (exports) that span many turns. */
  async dedicatedReader(profileId: string): Promise<ProfileReader> {
    const paths = await this.ready(profileId);
    return ProfileReader.open(paths.database, READER_BUSY_TIMEOUT_MS);
  }

  /** Runs `action` with the profile's readers closed and everyone else waiting. */
  async exclusively<T>(profileId: string, action: (id: ProfileId) => Promise<T>): Promise<T> {
    const id = parseProfileId(profileId);
    while (this.exclusive.has(id)) await this.exclusive.get(id);
    let release = (): void => undefined;
    this.exclusive.set(
      id,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
    try {
      this.open.get(id)?.reader.close();
      this.open.delete(id);
      return await action(id);
    } finally {
      this.exclusive.delete(id);
      release();
    }
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening.values(), ...this.exclusive.values()]);
    for (const entry of this.open.values()) entry.reader.close();
    this.open.clear();
  }
}
