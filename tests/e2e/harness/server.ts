import { build } from 'esbuild';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { createPremia, type Premia, type PremiaOptions } from '../../../src-main/app/create-premia';

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER_DIR = join(ROOT, 'out/renderer');
const BRIDGE_ENTRY = join(ROOT, 'tests/e2e/browser/bridge.ts');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface Harness {
  readonly url: string;
  readonly premia: Premia;
  close(): Promise<void>;
}

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [BRIDGE_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no bridge bundle');
  return output.text;
}

/** index.html with the bridge loaded first and the CSP opened to the harness socket only. */
async function pageHtml(origin: string): Promise<string> {
  const html = await readFile(join(RENDERER_DIR, 'index.html'), 'utf8');
  const socket = origin.replace(/^http/, 'ws');
  return html
    .replace("connect-src 'self'", `connect-src 'self' ${socket}`)
    .replace('<head>', '<head>\n    <script src="/__premia/bridge.js"></script>');
}

/**
 * Serves the built renderer on 127.0.0.1 and implements the preload transport over a WebSocket to
 * a real createPremia(). Requires `npm run build:renderer` first (npm test does it).
 */
export async function startHarness(
  options: Omit<PremiaOptions, 'allowedOrigins'>,
): Promise<Harness> {
  await stat(join(RENDERER_DIR, 'index.html')).catch(() => {
    throw new Error('out/renderer is missing: run `npm run build:renderer` first');
  });
  const bridge = await bundleBridge();
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path === '/' || path === '/index.html') {
      void pageHtml(origin).then((html) => {
        response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] });
        response.end(html);
      });
      return;
    }
    if (path === '/__premia/bridge.js') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.js'] });
      response.end(bridge);
      return;
    }
    const file = normalize(join(RENDERER_DIR, decodeURIComponent(path)));
    if (!file.startsWith(RENDERER_DIR + sep)) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const premia = await createPremia({ ...options, allowedOrigins: [origin] });
  const sockets = new WebSocketServer({ server, path: '/__premia/ws' });
  sockets.on('connection', (socket, request) => {
    // The page's origin as the browser states it; the router checks it like Electron's senderFrame.
    const sender = { url: request.headers.origin ?? '', isMainFrame: true };
    const unsubscribe = premia.events.subscribe((event, payload, profileId) => {
      if (profileId !== undefined && profileId !== premia.session.current()) return;
      socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', unsubscribe);
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id: number; channel: string; input: unknown };
      void premia.router.dispatch(message.channel, sender, message.input).then((result) => {
        socket.send(JSON.stringify({ id: message.id, result }));
      });
    });
  });

  return {
    url: `${origin}/`,
    premia,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await premia.close();
    },
  };
}
