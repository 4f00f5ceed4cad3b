/**
 * Reads a ZIP's central directory (without inflating anything) and rejects
 * archives that would expand beyond a limit: XLSX files are ZIPs, and a
 * zip bomb must be refused before a parser inflates it.
 */
export interface ZipGuardLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipGuardLimits = { maxEntries: 10_000, maxTotalUncompressed: 300 * 1024 * 1024, maxRatio: 200 };

export type ZipVerdict = { ok: true; entries: number; uncompressed: number } | { ok: false; reason: string };

export function inspectZip(buf: Buffer, limits: ZipGuardLimits = DEFAULT_ZIP_LIMITS): ZipVerdict {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not a zip archive (no end of central directory)' };
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) return { ok: false, reason: 'zip64 archives are not accepted' };
  if (entries > limits.maxEntries) return { ok: false, reason: `too many entries (${entries})` };
  if (cdOffset + cdSize > buf.length) return { ok: false, reason: 'truncated zip archive' };
  let p = cdOffset;
  let total = 0;
  let compressed = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return { ok: false, reason: 'corrupt central directory' };
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    if (usize === 0xffffffff || csize === 0xffffffff) return { ok: false, reason: 'zip64 entries are not accepted' };
    total += usize;
    compressed += csize;
    if (total > limits.maxTotalUncompressed) return { ok: false, reason: `expands to more than ${limits.maxTotalUncompressed} bytes` };
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  if (compressed > 0 && total / compressed > limits.maxRatio && total > 10 * 1024 * 1024) {
    return { ok: false, reason: `compression ratio ${Math.round(total / compressed)}:1 is suspicious` };
  }
  return { ok: true, entries, uncompressed: total };
}
