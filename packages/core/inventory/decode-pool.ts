import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodeAgentMessage, type AgentMessage } from './agent-protocol.ts';
import { decodeMessage } from './decode-transfer.ts';
import { InventoryParseError } from './inventory.types.ts';

interface Pending {
  resolve: (m: AgentMessage) => void;
  reject: (e: Error) => void;
}

/**
 * Decodes agent bodies (inflate + XML/JSON parsing, a few milliseconds each)
 * on worker threads, so the main thread spends its time on the database.
 * With no workers it decodes in place.
 */
export class DecodePool {
  private workers: { worker: Worker; busy: number }[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(size = Math.max(1, os.availableParallelism() - 1)) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./decode-worker.mjs', import.meta.url));
      const slot = { worker, busy: 0 };
      worker.on('message', (m: { id?: number; json?: string; error?: { name?: string; reason?: string; detail?: string; message: string } }) => {
        if (m.id === undefined) return;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        slot.busy--;
        if (m.error) p.reject(m.error.name === 'InventoryParseError' && m.error.reason ? new InventoryParseError(m.error.reason, m.error.detail) : new Error(m.error.message));
        else p.resolve(decodeMessage(m.json!));
      });
      worker.on('error', (e) => {
        // A crashed worker fails what it held; the pool carries on with the others.
        this.workers = this.workers.filter((w) => w !== slot);
        for (const [id, p] of this.pending) {
          p.reject(e);
          this.pending.delete(id);
        }
      });
      worker.unref();
      this.workers.push(slot);
    }
  }

  decode(body: Buffer, meta: { userAgent: string | null }): Promise<AgentMessage> {
    const slot = this.workers.reduce<(typeof this.workers)[number] | undefined>((best, w) => (!best || w.busy < best.busy ? w : best), undefined);
    if (!slot) return decodeAgentMessage(body, meta);
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, body, userAgent: meta.userAgent });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    this.workers = [];
  }
}
