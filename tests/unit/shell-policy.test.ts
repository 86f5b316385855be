import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAppUrl,
  resolveAppPath,
} from '../../src-main/shell/policy';

const ROOT = join(import.meta.dirname, '../..');

describe('window security policy', () => {
  it('opens only https Zerodha links in the system browser', () => {
    expect(isAllowedExternalUrl('https://kite.zerodha.com/connect/login?v=3&api_key=x')).toBe(true);
    expect(isAllowedExternalUrl('https://kite.trade/docs/connect/v3/')).toBe(true);
    for (const url of [
      'http://kite.zerodha.com/',
      'https://kite.zerodha.com.evil.example/',
      'https://user:pw@kite.zerodha.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('treats only app://premia (and the dev server in development) as the app', () => {
    expect(isAppUrl('app://premia/index.html', null)).toBe(true);
    expect(isAppUrl('app://other/index.html', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('https://example.com/', 'http://localhost:5173')).toBe(false);
  });

  it('serves only files inside the renderer folder', () => {
    const joinPath = (...parts: string[]): string => parts.join('/');
    expect(resolveAppPath('/r', 'app://premia/', joinPath)).toBe('/r/index.html');
    expect(resolveAppPath('/r', 'app://premia/assets/a.js', joinPath)).toBe('/r/assets/a.js');
    // The URL parser resolves encoded dot segments itself: they can never climb above the root.
    expect(resolveAppPath('/r', 'app://premia/%2e%2e/secret', joinPath)).toBe('/r/secret');
    for (const url of ['app://premia/..%2fsecret', 'app://premia/a%5c..%5cb', 'app://premia/%00']) {
      expect(resolveAppPath('/r', url, joinPath), url).toBeNull();
    }
  });

  it('has a CSP with no inline or eval script and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    const html = readFileSync(join(ROOT, 'src-renderer/index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('creates windows with the Electron security checklist settings', () => {
    const source = readFileSync(join(ROOT, 'src-main/shell/window.ts'), 'utf8');
    for (const setting of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'nodeIntegrationInSubFrames: false',
      'webSecurity: true',
      'allowRunningInsecureContent: false',
      'webviewTag: false',
      'devTools: options.devTools',
    ]) {
      expect(source).toContain(setting);
    }
    expect(source).toContain("return { action: 'deny' }");
    expect(source).toContain("'will-navigate'");
    const session = readFileSync(join(ROOT, 'src-main/shell/session-policy.ts'), 'utf8');
    expect(session).toContain('setPermissionRequestHandler');
    expect(session).toContain('callback(false)');
    const main = readFileSync(join(ROOT, 'src-main/shell/main.ts'), 'utf8');
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toContain('devTools: !app.isPackaged');
  });
});
