// Worker thread: decodes agent bodies sent by the main thread (see decode-pool.ts).
// Run from source through decode-worker.mjs (tsx); the server bundle compiles
// this file to its own decode-worker.mjs (bin/server-bundle.mjs).
import { parentPort } from 'node:worker_threads';
import { decodeAgentMessage } from './agent-protocol.ts';
import { encodeMessage } from './decode-transfer.ts';

const port = parentPort!;
port.on('message', async ({ id, body, userAgent }: { id: number; body: Uint8Array; userAgent: string | null }) => {
  try {
    const msg = await decodeAgentMessage(Buffer.from(body), { userAgent });
    // As text (JSON, software as columns): cheaper for the main thread than a structured
    // clone of the same objects (see decode-transfer.ts).
    port.postMessage({ id, json: encodeMessage(msg) });
  } catch (e) {
    const err = e as { name?: string; reason?: string; detail?: unknown; message?: string };
    port.postMessage({ id, error: { name: err?.name, reason: err?.reason, detail: err?.detail, message: String(err?.message ?? e) } });
  }
});
port.postMessage({ ready: true });
