import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src-main/app/clock';
import { createMemoryLogger } from '../../src-main/app/logger';
import { decodeInstrumentDump } from '../../src-main/market/instrument-csv';
import { KiteBroker } from '../../src-main/market/kite-broker';
import { RateLimiterRegistry } from '../../src-main/market/rate-limiter';
import { profileId } from './kite-fixture';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server that answers every request with a valid Kite envelope padded to `bytes`. */
async function startBloatedServer(bytes: number, declareLength: boolean): Promise<string> {
  const padding = 'x'.repeat(bytes);
  const body = `{"status":"success","data":{"user_id":"AB1234","padding":"${padding}"}}`;
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(declareLength ? { 'content-length': Buffer.byteLength(body) } : {}),
    });
    // Without a declared length the body arrives in chunks (chunked transfer encoding).
    for (let at = 0; at < body.length; at += 64 * 1024)
      response.write(body.slice(at, at + 64 * 1024));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function brokerAt(apiRoot: string): KiteBroker {
  return new KiteBroker({
    profileId: profileId('profile0001'),
    credentials: { apiKey: 'capsapikey01', apiSecret: null, accessToken: 'capstoken001' },
    limiters: new RateLimiterRegistry({ quotePerSecond: 100, otherPerSecond: 100 }),
    tokenStore: { markExpired: () => undefined },
    clock: createManualClock(new Date('2026-03-02T05:00:00Z')),
    apiRoot,
    logger: createMemoryLogger(),
    retry: { maxAttempts: 1 },
    bodyLimits: { jsonBytes: 1024 * 1024, dumpBytes: 1024 * 1024 },
  });
}

describe('attack: an endless or inflated answer fills Premia’s memory', () => {
  for (const declareLength of [true, false]) {
    it(`stops reading a Kite answer past the cap (${declareLength ? 'declared' : 'chunked'} length)`, async () => {
      const root = await startBloatedServer(3 * 1024 * 1024, declareLength);
      await expect(brokerAt(root).profile(new AbortController().signal)).rejects.toMatchObject({
        kind: 'malformed',
        message: expect.stringContaining('larger than 1 MiB'),
      });
    });
  }

  it('refuses to unpack an instrument dump that inflates past 64 MiB', () => {
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024, 0x41));
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect(() => decodeInstrumentDump(bomb)).toThrow(/unpacks to more than 64 MiB/);
  });
});
