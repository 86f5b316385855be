import { createManualClock } from '../../src-main/app/clock';
import { createMemoryLogger } from '../../src-main/app/logger';
import { dayNumberFromIso, istInstant } from '../../src-main/market/dates';
import { KiteBroker, type KiteBrokerOptions } from '../../src-main/market/kite-broker';
import { RateLimiterRegistry, type RateLimits } from '../../src-main/market/rate-limiter';
import { ProfileIdSchema, type ProfileId } from '../../src-preload/contract';
import { startFakeKite, type FakeKite, type LoggedRequest } from '../fake-kite/server';

/** Kite's limits scaled up twentyfold so rate tests take seconds, not minutes. */
export const TEST_LIMITS: RateLimits = { quotePerSecond: 20, otherPerSecond: 50 };
export const MARKET_OPEN = istInstant(dayNumberFromIso('2025-12-10'), 11, 15);
export const ACCESS_TOKEN = 'accesstoken0001';

export function profileId(name: string): ProfileId {
  return ProfileIdSchema.parse(name);
}

export interface KiteFixture {
  readonly kite: FakeKite;
  readonly clock: ReturnType<typeof createManualClock>;
  readonly limiters: RateLimiterRegistry;
  readonly expired: ProfileId[];
  broker(overrides?: Partial<KiteBrokerOptions>): KiteBroker;
  close(): Promise<void>;
}

export async function kiteFixture(limits: RateLimits | null = TEST_LIMITS): Promise<KiteFixture> {
  const clock = createManualClock(MARKET_OPEN);
  const kite = await startFakeKite({
    seed: 5,
    clock,
    accessTokens: [ACCESS_TOKEN],
    rateLimits: limits,
  });
  const limiters = new RateLimiterRegistry(limits ?? TEST_LIMITS);
  const expired: ProfileId[] = [];
  return {
    kite,
    clock,
    limiters,
    expired,
    broker: (overrides = {}) =>
      new KiteBroker({
        profileId: profileId('profile0001'),
        credentials: { apiKey: kite.apiKey, apiSecret: kite.apiSecret, accessToken: ACCESS_TOKEN },
        limiters,
        tokenStore: { markExpired: (id) => void expired.push(id) },
        clock,
        apiRoot: kite.url,
        logger: createMemoryLogger(),
        retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 40 },
        random: () => 0.5,
        ...overrides,
      }),
    close: () => kite.close(),
  };
}

/** Most requests that arrived within any window of `windowMs`. */
export function mostInWindow(requests: readonly LoggedRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

export async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting until ${what}`);
}
