// The loopback Kite server in a process of its own, for benchmarks: the client's measurements do
// not then include the server's own work (pricing 500 options per request) on the same thread.
// Prints {url, apiKey, apiSecret} once listening; prints request counts for each line read from
// stdin, and once more when stdin closes, then exits.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createManualClock } from '../../src-main/app/clock';
import { startFakeKite } from '../../tests/fake-kite/server';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '99' },
    at: { type: 'string', default: '2026-11-20T05:00:00Z' },
    'quote-rate': { type: 'string', default: '20' },
    'other-rate': { type: 'string', default: '40' },
    token: { type: 'string', default: 'benchtoken0001' },
  },
});
const kite = await startFakeKite({
  seed: Number(values.seed),
  clock: createManualClock(new Date(values.at)),
  rateLimits: {
    quotePerSecond: Number(values['quote-rate']),
    otherPerSecond: Number(values['other-rate']),
  },
  accessTokens: [values.token],
});
process.stdout.write(
  `${JSON.stringify({ url: kite.url, apiKey: kite.apiKey, apiSecret: kite.apiSecret })}\n`,
);
/** Requests so far: each line on stdin asks for them; the end of stdin asks once more and exits. */
function stats(): string {
  const quote = kite.requests.filter((request) => request.path === '/quote');
  return `${JSON.stringify({
    requests: kite.requests.length,
    quoteRequests: quote.length,
    // /quote, /quote/ohlc and /quote/ltp share Kite's quote rate limit.
    quoteLimitedRequests: kite.requests.filter((request) => request.path.startsWith('/quote'))
      .length,
    marginRequests: kite.requests.filter((request) => request.path === '/margins/orders').length,
    rateLimited: kite.requests.filter((request) => request.status === 429).length,
    maxInstrumentsPerQuote: Math.max(0, ...quote.map((request) => request.instruments)),
  })}\n`;
}
createInterface({ input: process.stdin }).on('line', () => process.stdout.write(stats()));
process.stdin.on('end', () => {
  process.stdout.write(stats());
  void kite.close().then(() => process.exit(0));
});
