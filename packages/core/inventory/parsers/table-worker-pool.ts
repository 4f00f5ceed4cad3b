import { Worker } from 'node:worker_threads';
import { InventoryParseError } from '../inventory.types.ts';
import { packTableForImport, type PackedComputer, type StreamedTitle, type TableRowError } from './table.parser.ts';

/** Files smaller than this are read on the calling thread: starting a thread would cost more. */
export const TABLE_WORKER_MIN_BYTES = 1 << 20;

type Reply = { id: number; titles?: StreamedTitle[]; done?: { computers: PackedComputer[]; errors: TableRowError[] }; error?: { name?: string; reason?: string; detail?: string; message: string } };

/** How long a thread that has finished its file waits for the next before it ends (and its memory with it). */
const IDLE_MS = 5_000;

/** A thread that has finished its file, kept a while for the next (unref'd: it never keeps the process alive). */
let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;
let nextId = 1;

function takeWorker(maxHeapMb: number | undefined): Worker {
  // A thread with a heap limit of its own is started for its file, and ended after it.
  if (maxHeapMb !== undefined) return new Worker(new URL('./table-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
  let w: Worker;
  if (idle) {
    clearTimeout(idle.timer);
    w = idle.worker;
    idle = null;
  } else {
    w = new Worker(new URL('./table-worker.mjs', import.meta.url));
  }
  w.ref();
  return w;
}

function release(w: Worker): void {
  w.unref();
  if (idle !== null) return void w.terminate();
  const timer = setTimeout(() => {
    if (idle?.worker === w) idle = null;
    void w.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker: w, timer };
}

/**
 * packTableForImport on a thread of its own: the thread that asked stays
 * free to store the titles handed to `onTitles` (on its own thread, in
 * order) while the sheet is read. The file is copied once, into memory
 * the thread shares; a file under `minBytes` is read here instead. The
 * result is the same either way. A sheet that needs more memory than the
 * thread's heap may have (`maxHeapMb`, by default what this process's
 * has) fails as too large, and this process carries on.
 *
 * @throws InventoryParseError as packTableForImport; `table-too-large` when the thread runs out of memory
 */
export function packTableOnWorker(buf: Buffer, opts: { filename: string; maxRows: number; minBytes?: number; maxHeapMb?: number }, onTitles: (titles: StreamedTitle[]) => void): Promise<{ computers: PackedComputer[]; errors: TableRowError[] }> {
  if (buf.length < (opts.minBytes ?? TABLE_WORKER_MIN_BYTES)) return packTableForImport(buf, opts, onTitles);
  const data = new SharedArrayBuffer(buf.length);
  new Uint8Array(data).set(buf);
  const worker = takeWorker(opts.maxHeapMb);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const finish = (after: () => void, keep: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep && opts.maxHeapMb === undefined) release(worker);
      else void worker.terminate();
      after();
    };
    const onMessage = (m: Reply) => {
      if (m.id !== id) return;
      if (m.titles) {
        try {
          onTitles(m.titles);
        } catch (e) {
          finish(() => reject(e), false);
        }
      } else if (m.done) {
        finish(() => resolve(m.done!), true);
      } else if (m.error) {
        const e = m.error;
        finish(() => reject(e.name === 'InventoryParseError' && e.reason ? new InventoryParseError(e.reason, e.detail) : new Error(e.message)), true);
      }
    };
    const onError = (e: Error & { code?: string }) =>
      finish(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new InventoryParseError('table-too-large', '读取该表格所需内存超过上限 / reading the sheet needs more memory than its thread may use') : e), false);
    const onExit = (code: number) => finish(() => reject(new Error(`the table-reading thread exited (${code})`)), false);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, data, filename: opts.filename, maxRows: opts.maxRows });
  });
}
