import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ComponentPage {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one browser entry (a component fixture under tests/e2e/browser) on 127.0.0.1, bundled
 * by esbuild with the renderer's stylesheet. For renderer components that need no Premia.
 */
export async function serveComponentPage(entry: string, title: string): Promise<ComponentPage> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: '/bundle',
    write: false,
  });
  const files = new Map(
    result.outputFiles.map((file) => [file.path.replace('/bundle', ''), file.text]),
  );
  const script = files.get(
    `/${entry
      .split('/')
      .pop()
      ?.replace(/\.tsx?$/, '.js')}`,
  );
  const style = [...files.entries()].find(([path]) => path.endsWith('.css'))?.[1] ?? '';
  if (script === undefined) throw new Error(`esbuild produced no script for ${entry}`);
  const html = `<!doctype html><html lang="en-IN"><head><meta charset="utf-8"><title>${title}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/fixture.css"></head>
<body><div id="root"></div><script type="module" src="/fixture.js"></script></body></html>`;
  const bodies: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/fixture.js': ['text/javascript; charset=utf-8', script],
    '/fixture.css': ['text/css; charset=utf-8', style],
  };
  const server: Server = createServer((request, response) => {
    const body = bodies[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': body[0] });
    response.end(body[1]);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
