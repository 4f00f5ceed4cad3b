#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx: no build step for the server.
import { register } from 'tsx/esm/api';

register();
await import('../apps/cli/zb.ts');
