import { z } from 'zod';
import type { ProfileId } from '../../src-preload/contract/domains/profiles';
import type { Clock } from '../app/clock';
import type { Logger } from '../app/logger';
import type { Broker } from '../market/broker';
import type { Storage } from '../storage';
import type { AuditRecord } from '../vault/audit';
import { JournalService, type JournalDeps } from './journal-service';

export { JournalService } from './journal-service';

/** The journal service on Premia's storage (the composition root calls this once). */
export function createJournal(deps: {
  readonly storage: Storage;
  readonly brokerFor: (profileId: ProfileId) => Promise<Broker>;
  readonly audit: (profileId: ProfileId, entry: AuditRecord) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly parseTradebook?: JournalDeps['parseTradebook'];
}): JournalService {
  return new JournalService({
    store: deps.storage.journal,
    settings: {
      get: (profileId, key) => deps.storage.getSetting(profileId, key, z.unknown()),
      set: (profileId, key, value) => deps.storage.setSetting(profileId, key, value),
    },
    brokerFor: deps.brokerFor,
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.parseTradebook === undefined ? {} : { parseTradebook: deps.parseTradebook }),
  });
}
