// A sweep's worker thread: starts the worker on the built JavaScript of an installed package, or
// on the TypeScript sources in the repository (entry.js).
import { importEntry } from './entry.js';

await importEntry('sweep/run-worker');
