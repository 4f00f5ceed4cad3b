// Worker thread bootstrap when running from source: loads the TypeScript
// worker (decode-worker.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./decode-worker.ts');
