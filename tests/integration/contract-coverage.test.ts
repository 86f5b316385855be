/**
 * Main answers exactly the contract: every channel the preload exposes (tests/unit/preload.test.ts)
 * has a handler in a real createPremia, and main registers nothing the contract does not declare.
 */
import { describe, expect, it } from 'vitest';
import { listChannels } from '../../src-preload/contract';
import { premiaScope } from '../support/vault-fixtures';

const { setup } = premiaScope();

describe('the contract and main', () => {
  it('has a handler in main for every channel of the contract, and no other', async () => {
    const { premia } = await setup(undefined, 'fallback');
    expect(premia.router.unhandledChannels()).toEqual([]);
    expect(premia.router.channels().sort()).toEqual(
      listChannels()
        .map((entry) => entry.channel)
        .sort(),
    );
  });
});
