import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Never let refused payloads fill the disk: beyond this, only the reason is kept. */
const MAX_FOLDER_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Keeps the raw body of every refused agent submission with the reason, so
 * nothing a client sent is lost and an operator can see why it was refused.
 * Files: `<dataDir>/quarantine/YYYY-MM-DD/<time>-<rand>.bin` and `.json`.
 */
export class QuarantineFolder {
  private used = -1;

  constructor(private readonly dir: string) {}

  private size(): number {
    if (this.used >= 0) return this.used;
    let total = 0;
    if (fs.existsSync(this.dir)) {
      for (const day of fs.readdirSync(this.dir)) {
        const d = path.join(this.dir, day);
        if (!fs.statSync(d).isDirectory()) continue;
        for (const f of fs.readdirSync(d)) total += fs.statSync(path.join(d, f)).size;
      }
    }
    this.used = total;
    return total;
  }

  /** Writes the payload and its reason; returns the file name (without extension). */
  keep(body: Buffer, meta: { reason: string; detail?: string; remoteAddr?: string; contentType?: string; url?: string; agent?: string }): string {
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const name = `${now.toISOString().slice(11, 23).replace(/[:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const folder = path.join(this.dir, day);
    fs.mkdirSync(folder, { recursive: true });
    const keepBody = this.size() + body.length <= MAX_FOLDER_BYTES;
    if (keepBody) fs.writeFileSync(path.join(folder, `${name}.bin`), body);
    const info = JSON.stringify({ ...meta, at: now.toISOString(), size: body.length, bodyKept: keepBody }, null, 2);
    fs.writeFileSync(path.join(folder, `${name}.json`), info);
    this.used = this.size() + (keepBody ? body.length : 0) + info.length;
    return path.join(day, name);
  }
}
