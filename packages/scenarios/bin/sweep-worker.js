// A sweep's worker thread: registers tsx (the sources are TypeScript) and starts the worker.
import { register } from 'tsx/esm/api';

register();
await import('../src/sweep/run-worker.ts');
