// Worker thread bootstrap: loads the TypeScript decoder through tsx, then
// decodes agent bodies sent by the main thread (see decode-pool.ts).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { decodeAgentMessage } = await import('./agent-protocol.ts');

parentPort.on('message', async ({ id, body, userAgent }) => {
  try {
    const msg = await decodeAgentMessage(Buffer.from(body), { userAgent });
    // As JSON text: the main thread parses ~900 software items from JSON in about half the
    // time a structured clone of the same objects takes to deserialize (see decode-pool.ts).
    parentPort.postMessage({ id, json: JSON.stringify(msg) });
  } catch (e) {
    parentPort.postMessage({ id, error: { name: e?.name, reason: e?.reason, detail: e?.detail, message: String(e?.message ?? e) } });
  }
});
parentPort.postMessage({ ready: true });
