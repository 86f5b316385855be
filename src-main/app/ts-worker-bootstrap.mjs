// Starts a worker thread whose entry is a TypeScript source (the CLI and tests run from source).
// The built app never uses this: its worker entries are compiled chunks.
// The entry's file URL is the last argv element; its default export (a piscina task) is re-exported.
import { register } from 'tsx/esm/api';

register();
const entry = process.argv.at(-1);
if (entry === undefined || !entry.startsWith('file:')) {
  throw new Error('ts-worker-bootstrap: the worker entry URL must be the last argv element');
}
const module = await import(entry);
export default module.default;
