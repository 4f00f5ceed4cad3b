// Worker thread: answers read-only queries on its own connection to a
// SQLite file, each as soon as it is done (rows as arrays, or objects when
// asked; install texts parsed into columns, or texts digested, when asked:
// see install-texts.mjs and line-digest.mjs), so that the thread that asked computes meanwhile (see `readAside`
// in licensing.repository.ts). Queries are taken lowest priority first, one
// at a time: the asking thread may be busy, the worker never waits for it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { parseInstallTexts } from './install-texts.mjs';
import { digestTexts } from './line-digest.mjs';

let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
} catch (e) {
  parentPort.postMessage({ fatal: String(e?.stack ?? e) });
  process.exit(1);
}

const queue = [];
let scheduled = false;

function next() {
  scheduled = false;
  if (queue.length === 0) return;
  queue.sort((a, b) => a.priority - b.priority);
  const m = queue.shift();
  try {
    if (m.parse) {
      // Install texts parsed here: the columns' buffers move to the asking thread (not copied).
      const rows = (q) => db.prepare(q.sql).raw(true).all(...q.parameters);
      const parsed = parseInstallTexts(rows(m.parse.devices), rows(m.parse.installs));
      parentPort.postMessage({ id: m.id, parsed }, parsed ? [parsed.org.buffer, parsed.device.buffer, parsed.key.buffer] : []);
    } else if (m.digest) {
      // Texts digested here: only [org, lane, lane, lines] per row crosses over (see line-digest.mjs).
      parentPort.postMessage({ id: m.id, digests: digestTexts(db.prepare(m.sql).raw(true).all(...m.parameters)) });
    } else parentPort.postMessage({ id: m.id, rows: db.prepare(m.sql).raw(!m.objects).all(...m.parameters) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e?.stack ?? e) });
  }
  // Messages that came meanwhile are taken in before the next query (a more urgent one may be among them).
  schedule();
}

function schedule() {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  setImmediate(next);
}

parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  queue.push(m);
  schedule();
});
