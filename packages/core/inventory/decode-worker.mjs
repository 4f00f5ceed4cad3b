// Worker thread bootstrap: loads the TypeScript decoder through tsx, then
// decodes agent bodies sent by the main thread (see decode-pool.ts).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { decodeAgentMessage } = await import('./agent-protocol.ts');
const { encodeMessage } = await import('./decode-transfer.ts');

parentPort.on('message', async ({ id, body, userAgent }) => {
  try {
    const msg = await decodeAgentMessage(Buffer.from(body), { userAgent });
    // As text (JSON, software as columns): cheaper for the main thread than a structured
    // clone of the same objects (see decode-transfer.ts).
    parentPort.postMessage({ id, json: encodeMessage(msg) });
  } catch (e) {
    parentPort.postMessage({ id, error: { name: e?.name, reason: e?.reason, detail: e?.detail, message: String(e?.message ?? e) } });
  }
});
parentPort.postMessage({ ready: true });
