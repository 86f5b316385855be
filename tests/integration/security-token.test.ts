import { describe, expect, it } from 'vitest';
import type { AuditEntry, CredentialsView } from '../../src-preload/contract';
import {
  auditTrail,
  call,
  createAndLogin,
  premiaScope,
  SAMPLE_SECRETS,
  STRONG,
  value,
} from '../support/vault-fixtures';

const { setup } = premiaScope();

/** A loopback address a hostile page could serve itself (http to loopback was accepted). */
const COLLECTOR = 'http://127.0.0.1:9';

describe('attack: a hostile renderer re-points Kite to steal the access token', () => {
  it('refuses credentials.set with an apiRoot and keeps Kite as the root the token goes to', async () => {
    const { premia } = await setup();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    await value(premia, 'credentials.set', {
      apiKey: SAMPLE_SECRETS.apiKey,
      apiSecret: SAMPLE_SECRETS.apiSecret,
    });
    await value(premia, 'credentials.setAccessToken', { accessToken: SAMPLE_SECRETS.accessToken });
    for (const apiRoot of [COLLECTOR, 'https://evil.example', 'https://api.kite.trade.evil']) {
      const attempt = await call(premia, 'credentials.set', { apiRoot });
      expect(attempt.ok, `credentials.set accepted apiRoot ${apiRoot}`).toBe(false);
      if (!attempt.ok) expect(attempt.error.code).toBe('BAD_INPUT');
      // Hidden beside a legitimate change, it is refused whole, not trimmed away.
      const mixed = await call(premia, 'credentials.set', { apiKey: 'otherkey0002', apiRoot });
      expect(mixed.ok).toBe(false);
    }
    const view = await value<CredentialsView>(premia, 'credentials.get');
    expect(view).toMatchObject({ apiRoot: 'https://api.kite.trade', apiKey: '••••0001' });
    expect(view.token.status).toBe('valid');
    expect((await premia.vault.brokerCredentials(asha.id))?.apiRoot).toBe('https://api.kite.trade');
  });
});

describe('changing the API root outside the renderer (the CLI path)', () => {
  it('needs the password, allows only Kite or loopback, drops the token and is audited', async () => {
    const { premia } = await setup();
    const asha = await createAndLogin(premia, 'Asha', STRONG);
    await premia.vault.credentials.set(asha.id, { apiKey: SAMPLE_SECRETS.apiKey });
    await premia.vault.credentials.setAccessToken(asha.id, SAMPLE_SECRETS.accessToken);
    const credentials = premia.vault.credentials;

    await expect(
      credentials.setApiRoot(asha.id, 'not-the-password', 'http://127.0.0.1:9'),
    ).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    for (const root of ['https://evil.example', 'http://10.0.0.8', 'http://127.0.0.1.nip.io']) {
      await expect(credentials.setApiRoot(asha.id, STRONG, root)).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringContaining('https://api.kite.trade'),
      });
    }
    expect((await credentials.get(asha.id)).token.status).toBe('valid');

    const moved = await credentials.setApiRoot(asha.id, STRONG, 'http://127.0.0.1:8765/');
    expect(moved).toMatchObject({ apiRoot: 'http://127.0.0.1:8765', accessToken: null });
    expect(moved.token.status).toBe('missing');
    const back = await credentials.setApiRoot(asha.id, STRONG, 'https://api.kite.trade');
    expect(back.apiRoot).toBe('https://api.kite.trade');

    const trail: AuditEntry[] = await auditTrail(premia, asha.id);
    const details = trail.map((entry) => entry.detail);
    expect(details).toContain(
      'Kite API root changed from https://api.kite.trade to http://127.0.0.1:8765 in the OS keychain. The saved access token was dropped.',
    );
    expect(
      trail.some((entry) => entry.outcome === 'failure' && /Wrong password/.test(entry.detail)),
    ).toBe(true);
  });
});
