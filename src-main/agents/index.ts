import type { ProfileId } from '../../src-preload/contract';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import type { JournalService } from '../journal';
import type { ScanService } from '../scan/scan-service';
import type { StoredAlert } from '../storage/agent-records';
import type { Storage } from '../storage/storage';
import type { Vault } from '../vault/vault';
import { AgentService } from './agent-service';
import { agentReadiness } from './readiness';

export { AgentService, AGENT_CHECK_INTERVAL_MS } from './agent-service';
export type { AgentView } from './agent-service';

/** The platform's way of showing new alerts (a desktop notification); absent in the CLI. */
export type AlertNotifier = (profileId: ProfileId, alerts: readonly StoredAlert[]) => void;

/** The agent service on Premia's storage, scans, journal and vault (the composition root). */
export function createAgents(deps: {
  readonly storage: Storage;
  readonly scans: ScanService;
  readonly journal: JournalService;
  readonly vault: Vault;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notify: AlertNotifier | undefined;
}): AgentService {
  const { vault } = deps;
  return new AgentService({
    store: deps.storage.agents,
    scans: deps.scans,
    journal: deps.journal,
    access: vault,
    clock: deps.clock,
    logger: deps.logger,
    signedIn: () =>
      vault.profiles
        .list()
        .map((profile) => profile.id)
        .filter((id) => vault.sessions.isSignedIn(id)),
    readiness: (profileId) => agentReadiness(vault, profileId),
    ...(deps.notify === undefined ? {} : { notify: deps.notify }),
  });
}
