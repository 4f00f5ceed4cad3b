#!/usr/bin/env node
// `zb serve` runs the compiled server (see server-bundle.mjs); every other
// command runs the TypeScript directly through tsx: no build step.
if (process.argv[2] === 'serve' && !process.env.ZB_FROM_SOURCE) {
  const { ensureServerBundle } = await import('./server-bundle.mjs');
  await import(await ensureServerBundle());
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../apps/cli/zb.ts');
}
