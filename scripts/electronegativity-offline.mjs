// Preloaded (node --import) into Electronegativity's process so it never goes online. The tool
// fetches translations and Electron's release list through `got` at start-up; offline, on Node 24,
// got's p-cancelable throws "The `onCancel` handler was attached after the promise settled" out of
// a timer and kills the process. The scan itself is static and needs neither download, so `got`
// is replaced before the tool loads it by a function that refuses at once: the tool's own
// fallbacks (built-in English strings; no release-based check) take over, on every runtime and
// with or without a network.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// The tool is CommonJS: its `require('got')` is answered from this shared module cache.
const require = createRequire(import.meta.url);

const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = require.resolve('got', { paths: [toolDir] });

function refuse(url) {
  return Promise.reject(new Error(`Premia runs Electronegativity offline; not fetching ${url}`));
}
refuse.head = refuse;
refuse.get = refuse;
refuse.default = refuse;

require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: refuse };

// The tool writes its CSV report as two racing asynchronous writes: the header with flag 'w',
// then the findings with flag 'a'. On a busy machine the header can land second, truncating the
// file and leaving a torn row, so the check then reads a garbled report. Its writeFile calls are
// made synchronous here: they land in the order the tool makes them, and the callback still runs.
const fs = require('node:fs');
const asyncWriteFile = fs.writeFile;
fs.writeFile = function writeFileInOrder(file, data, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (typeof done !== 'function') return asyncWriteFile.apply(fs, arguments);
  let failure = null;
  try {
    fs.writeFileSync(file, data, typeof options === 'function' ? undefined : options);
  } catch (error) {
    failure = error;
  }
  process.nextTick(() => done(failure));
};
