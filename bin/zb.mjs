#!/usr/bin/env node
// `zb` runs the compiled CLI and server (see server-bundle.mjs): one
// JavaScript file instead of compiling the TypeScript on the fly through tsx,
// which costs every command a second or more of start-up (and the server the
// tsx loader's thread and heap). The bundle is rebuilt whenever a source is
// newer than it, so it never runs stale code. ZB_FROM_SOURCE=1 runs the
// TypeScript through tsx instead (for debugging with the sources' own lines).
if (!process.env.ZB_FROM_SOURCE) {
  const { ensureServerBundle } = await import('./server-bundle.mjs');
  await import(await ensureServerBundle());
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../apps/cli/zb.ts');
}
