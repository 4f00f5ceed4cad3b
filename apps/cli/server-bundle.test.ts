import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../packages/core/files/tabular.ts';
import { templateRows } from '../../packages/core/inventory/parsers/table.parser.ts';
import { ensureServerBundle, newestMtime, ROOT } from '../../bin/server-bundle.mjs';

describe('the server bundle that `zb serve` runs', () => {
  it('is built for the current sources, with the files its code finds beside it, and reused while they are unchanged', async () => {
    const bundle = await ensureServerBundle();
    const dir = path.dirname(bundle);
    expect(fs.statSync(bundle).size).toBeGreaterThan(100_000);
    // Found through new URL(…, import.meta.url), which in the bundle is the bundle's own URL.
    for (const f of ['decode-worker.mjs', 'table-worker.mjs', 'sqlite-checkpointer.mjs', 'sqlite-read-aside.mjs', 'install-texts.mjs', 'line-digest.mjs']) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'library')).filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(10);
    // The workers are compiled: they must not need tsx to load TypeScript.
    for (const f of ['decode-worker.mjs', 'table-worker.mjs']) expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/\.ts['"]/);
    // The compiled table worker reads a sheet.
    const sheet = Buffer.from(toCsv(templateRows()));
    const data = new SharedArrayBuffer(sheet.length);
    new Uint8Array(data).set(sheet);
    const worker = new Worker(path.join(dir, 'table-worker.mjs'));
    try {
      const done = await new Promise<{ computers: { softwareRows: number }[] }>((resolve, reject) => {
        worker.on('message', (m: { done?: { computers: { softwareRows: number }[] }; error?: { message: string } }) => (m.done ? resolve(m.done) : m.error ? reject(new Error(m.error.message)) : undefined));
        worker.on('error', reject);
        worker.postMessage({ id: 1, data, filename: 'x.csv', maxRows: 10 });
      });
      expect(done.computers.map((c) => c.softwareRows)).toEqual([2]);
    } finally {
      await worker.terminate();
    }
    // Named by the newest source: a changed source gives another folder, never a stale bundle.
    const sources = newestMtime(['apps/cli', 'apps/server', 'packages', 'bin'].map((d) => path.join(ROOT, d)));
    expect(path.basename(dir)).toBe(Math.floor(sources).toString(36));
    const built = fs.statSync(bundle).mtimeMs;
    expect(await ensureServerBundle()).toBe(bundle);
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
  });
});
