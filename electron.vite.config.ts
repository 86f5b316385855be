import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const root = import.meta.dirname;

/**
 * Three builds: main (the shell plus each worker-thread entry as its own chunk), the sandboxed
 * preload (CommonJS, as Electron requires for sandbox: true), and the renderer.
 */
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/shell/main.ts'),
          // Worker-thread entries are chunks of their own, started by file name at run time.
          'writer-thread': resolve(root, 'src-main/storage/writer-thread.ts'),
          'pool-worker': resolve(root, 'src-main/scan/pool-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
