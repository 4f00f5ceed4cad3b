// Worker thread: runs some read-only queries on its own connection to a
// SQLite file and posts their rows (as arrays) back, so that the thread
// that asked computes meanwhile (see LicensingRepository.storedResultTextsAside).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const rows = workerData.queries.map((q) => db.prepare(q.sql).raw(true).all(...q.parameters));
  parentPort.postMessage({ rows });
} catch (e) {
  parentPort.postMessage({ error: String(e?.stack ?? e) });
} finally {
  db?.close();
}
