// The CLI and server as one compiled JavaScript file: `zb` runs it instead of
// compiling TypeScript on the fly through tsx. That saves the tsx loader
// (its own thread and heap, ~35 MB in the server and again in each worker
// that registers it) and the per-module transform on start-up (a command
// starts in ~0.7 s instead of ~2.4 s). The bundle
// lives in dist/server/ and is rebuilt (esbuild, about a second) whenever a
// source under apps/ or packages/ is newer than it, so it can never run
// stale code.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/server');

/** Newest modification time of the files under the folders (node_modules and dist skipped). */
export function newestMtime(dirs) {
  let newest = 0;
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist') walk(p);
      } else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

/**
 * Files next to the bundle that the code finds through `new URL(…, import.meta.url)`:
 * in the bundle every module's import.meta.url is the bundle's, so they are put
 * beside it under the same names (workers, the shipped recognition library).
 */
const WORKERS = {
  'decode-worker': 'packages/core/inventory/decode-worker.ts',
  'table-worker': 'packages/core/inventory/parsers/table-worker.ts',
};
const COPIED = {
  'sqlite-checkpointer.mjs': 'packages/storage/sqlite-checkpointer.mjs',
  'sqlite-read-aside.mjs': 'packages/storage/repositories/sqlite-read-aside.mjs',
  'install-texts.mjs': 'packages/storage/repositories/install-texts.mjs',
  'line-digest.mjs': 'packages/storage/repositories/line-digest.mjs',
  library: 'packages/core/recognition/library',
};

/**
 * The up-to-date server bundle's path, building it first when there is none for
 * the current sources. Each build has its own folder, named by the sources'
 * newest modification time: servers starting at the same moment share one,
 * and a running server's workers are never swapped under it.
 */
export async function ensureServerBundle() {
  const sources = newestMtime([path.join(ROOT, 'apps/cli'), path.join(ROOT, 'apps/server'), path.join(ROOT, 'packages'), path.join(ROOT, 'bin')]);
  const dir = path.join(OUT, Math.floor(sources).toString(36));
  const bundle = path.join(dir, 'zb.mjs');
  if (fs.existsSync(bundle)) {
    fs.utimesSync(dir, new Date(), new Date());
    return bundle;
  }
  const { build } = await import('esbuild');
  const tmp = `${dir}.${process.pid}.tmp`;
  await build({
    entryPoints: { zb: path.join(ROOT, 'apps/cli/zb.ts'), ...Object.fromEntries(Object.entries(WORKERS).map(([k, v]) => [k, path.join(ROOT, v)])) },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const [name, from] of Object.entries(COPIED)) fs.cpSync(path.join(ROOT, from), path.join(tmp, name), { recursive: true });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    // Another process built the same sources first: use its bundle.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  prune(path.basename(dir));
  return bundle;
}

/** Removes bundles of older sources that nothing has started for an hour. */
function prune(current) {
  for (const e of fs.readdirSync(OUT, { withFileTypes: true })) {
    const p = path.join(OUT, e.name);
    if (e.name !== current && !e.name.endsWith('.tmp') && Date.now() - fs.statSync(p).mtimeMs > 3_600_000) fs.rmSync(p, { recursive: true, force: true });
  }
}
