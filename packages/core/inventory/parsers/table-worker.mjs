// Worker thread bootstrap when running from source: loads the TypeScript
// worker (table-worker.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./table-worker.ts');
