import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const root = import.meta.dirname;
/** Where the build goes; tests build into a folder of their own so they never touch out/. */
const outRoot = resolve(root, process.env.PREMIA_BUILD_OUT ?? 'out');

/**
 * Three builds: main (the shell plus each worker-thread entry as its own chunk), the sandboxed
 * preload (CommonJS, as Electron requires for sandbox: true), and the renderer.
 */
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: resolve(outRoot, 'main'),
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
      outDir: resolve(outRoot, 'preload'),
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
      outDir: resolve(outRoot, 'renderer'),
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
