import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureServerBundle, newestMtime, ROOT } from '../../bin/server-bundle.mjs';

describe('the server bundle that `zb serve` runs', () => {
  it('is built for the current sources, with the files its code finds beside it, and reused while they are unchanged', async () => {
    const bundle = await ensureServerBundle();
    const dir = path.dirname(bundle);
    expect(fs.statSync(bundle).size).toBeGreaterThan(100_000);
    // Found through new URL(…, import.meta.url), which in the bundle is the bundle's own URL.
    for (const f of ['decode-worker.mjs', 'sqlite-checkpointer.mjs', 'sqlite-read-aside.mjs']) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'library')).filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(10);
    // The worker is compiled: it must not need tsx to load TypeScript.
    expect(fs.readFileSync(path.join(dir, 'decode-worker.mjs'), 'utf8')).not.toMatch(/\.ts['"]/);
    // Named by the newest source: a changed source gives another folder, never a stale bundle.
    const sources = newestMtime(['apps/cli', 'apps/server', 'packages', 'bin'].map((d) => path.join(ROOT, d)));
    expect(path.basename(dir)).toBe(Math.floor(sources).toString(36));
    const built = fs.statSync(bundle).mtimeMs;
    expect(await ensureServerBundle()).toBe(bundle);
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
  });
});
