// Worker thread: reads an import's CSV/XLSX template (see table-worker-pool.ts).
// Run from source through table-worker.mjs (tsx); the server bundle compiles
// this file to its own table-worker.mjs (bin/server-bundle.mjs).
import { parentPort } from 'node:worker_threads';
import { packTableForImport } from './table.parser.ts';

const port = parentPort!;
port.on('message', async ({ id, data, filename, maxRows }: { id: number; data: SharedArrayBuffer; filename: string; maxRows: number }) => {
  try {
    const r = await packTableForImport(Buffer.from(data), { filename, maxRows }, (titles) => port.postMessage({ id, titles }));
    port.postMessage({ id, done: r }, r.computers.map((c) => c.titles.buffer as ArrayBuffer));
  } catch (e) {
    const err = e as { name?: string; reason?: string; detail?: string; message?: string };
    port.postMessage({ id, error: { name: err?.name, reason: err?.reason, detail: err?.detail, message: String(err?.message ?? e) } });
  }
});
