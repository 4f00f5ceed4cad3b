import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory.types.ts';
import { DEFAULT_MAX_INFLATED_BYTES, inflateBody, sniffBodyEncoding } from './inflate.ts';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InventoryParseError) return e.reason;
    throw e;
  }
  return 'no error';
}

/**
 * A valid zlib stream that inflates to `mib` MiB of zeros, built without
 * allocating them: the first MiB normally, then one raw block (compressed
 * against a window of zeros) repeated, an empty final block and the
 * Adler-32 of n zeros (a = 1, b = n mod 65521). About 1 KB per MiB.
 */
function zeroBomb(mib: number): Buffer {
  const chunk = Buffer.alloc(1 << 20);
  const head = zlib.deflateSync(chunk, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const repeat = zlib.deflateRawSync(chunk, { level: 9, dictionary: Buffer.alloc(32 * 1024), finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((mib * 2 ** 20) % 65521) * 65536 + 1) >>> 0);
  return Buffer.concat([head, ...Array<Buffer>(mib - 1).fill(repeat), Buffer.from([0x03, 0x00]), adler]);
}

const xml = '<?xml version="1.0" encoding="UTF-8"?><REQUEST><DEVICEID>pc-1</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>';

describe('sniffBodyEncoding', () => {
  it('recognises zlib headers of every level, gzip and plain text', () => {
    for (const level of [0, 1, 6, 9]) expect(sniffBodyEncoding(zlib.deflateSync(xml, { level }))).toBe('zlib');
    expect([...zlib.deflateSync(xml).subarray(0, 2)]).toEqual([0x78, 0x9c]);
    expect([...zlib.deflateSync(xml, { level: 9 }).subarray(0, 2)]).toEqual([0x78, 0xda]);
    expect([...zlib.deflateSync(xml, { level: 1 }).subarray(0, 2)]).toEqual([0x78, 0x01]);
    expect(sniffBodyEncoding(zlib.gzipSync(xml))).toBe('gzip');
    expect(sniffBodyEncoding(Buffer.from(`\r\n  ${xml}`))).toBe('plain');
    expect(sniffBodyEncoding(Buffer.from('\uFEFF{"deviceid":"x"}'))).toBe('plain');
    expect(sniffBodyEncoding(Buffer.from('garbage'))).toBeNull();
    expect(sniffBodyEncoding(zlib.deflateRawSync(xml))).toBeNull();
  });
});

describe('inflateBody', () => {
  it('inflates zlib (78 9C, 78 DA, 78 01) and gzip, and passes plain XML/JSON through', async () => {
    for (const level of [1, 6, 9]) expect((await inflateBody(zlib.deflateSync(xml, { level }))).toString()).toBe(xml);
    expect((await inflateBody(zlib.gzipSync(xml))).toString()).toBe(xml);
    expect((await inflateBody(Buffer.from(xml))).toString()).toBe(xml);
    expect((await inflateBody(Buffer.from(' {"action":"contact"}'))).toString()).toBe(' {"action":"contact"}');
  });

  it('refuses garbage, empty, truncated and corrupt bodies with a reason', async () => {
    expect(await reason(inflateBody(Buffer.from('garbage')))).toBe('body-not-zlib');
    expect(await reason(inflateBody(Buffer.alloc(0)))).toBe('body-empty');
    const z = zlib.deflateSync(Buffer.from(Array.from({ length: 2000 }, (_, i) => `<A>${i * 7919}</A>`).join('')));
    expect(await reason(inflateBody(z.subarray(0, z.length >> 1)))).toBe('body-truncated');
    const corrupt = Buffer.from(z);
    corrupt.fill(0xff, 10, 40);
    expect(await reason(inflateBody(corrupt))).toBe('body-not-zlib');
  });

  it('builds a valid zero bomb (checked on a small one)', () => {
    expect(zlib.inflateSync(zeroBomb(3)).length).toBe(3 * 2 ** 20);
  });

  it('refuses a ~1 MB body that inflates to 1 GiB in well under a second, with bounded memory', async () => {
    const bomb = zeroBomb(1024);
    expect(bomb.length).toBeLessThan(1.2 * 2 ** 20);
    const rssBefore = process.memoryUsage().rss;
    const t = performance.now();
    expect(await reason(inflateBody(bomb))).toBe('body-too-large-inflated');
    expect(performance.now() - t).toBeLessThan(1000);
    // The cap (64 MiB) bounds what was ever held; allow for allocator slack.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(DEFAULT_MAX_INFLATED_BYTES * 3);
  });

  it('refuses a 1 KB body above a smaller configured cap, gzip too', async () => {
    const small = zeroBomb(1);
    expect(small.length).toBeLessThan(1100);
    expect(await reason(inflateBody(small, { maxOutputLength: 512 * 1024 }))).toBe('body-too-large-inflated');
    expect(await reason(inflateBody(zlib.gzipSync(Buffer.alloc(2 << 20)), { maxOutputLength: 1 << 20 }))).toBe('body-too-large-inflated');
    expect(await reason(inflateBody(Buffer.from(`<R>${'x'.repeat(2000)}</R>`), { maxOutputLength: 1000 }))).toBe('body-too-large');
  });
});
